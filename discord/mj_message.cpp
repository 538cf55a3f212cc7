#include "discord/mj_message.hpp"

#include "domain/text.hpp"

#include <cctype>

#include "discord/payloads.hpp"

namespace mjgate::discord {

namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

std::string_view path_of(std::string_view url) {
  auto q = url.find_first_of("?#");
  return q == std::string_view::npos ? url : url.substr(0, q);
}

bool is_image(const attachment& a) {
  if (a.width > 0 && a.height > 0) return true;
  auto path = domain::to_lower(path_of(a.url.empty() ? a.filename : a.url));
  for (std::string_view ext : {".png", ".webp", ".jpg", ".jpeg", ".gif", ".mp4"})
    if (path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  return false;
}

// UUID right after "/jobs/" in a text ("" if none).
std::string job_link_hash(std::string_view text) {
  for (auto pos = text.find("/jobs/"); pos != std::string_view::npos;
       pos = text.find("/jobs/", pos + 1))
    if (auto cand = text.substr(pos + 6, 36); is_uuid(cand)) return std::string{cand};
  return {};
}

// Reads the tail after "** - ": mention, Image #n, (NN%), (Waiting…), (mode).
// Returns false when the tail has none of these, i.e. it is not a job line.
struct tail_facts {
  bool waiting = false;
  bool stopped = false;
  int progress = -1;
  std::string mode;
  std::string mention;
};

bool read_tail(std::string_view tail, tail_facts& f) {
  bool known = false;
  if (auto m = tail.find("<@"); m != std::string_view::npos) {
    auto p = m + 2;
    if (p < tail.size() && tail[p] == '!') ++p;
    auto start = p;
    while (p < tail.size() && std::isdigit(static_cast<unsigned char>(tail[p]))) ++p;
    if (p > start && p < tail.size() && tail[p] == '>') {
      f.mention = std::string{tail.substr(start, p - start)};
      known = true;
    }
  }
  for (auto open = tail.find('('); open != std::string_view::npos;
       open = tail.find('(', open + 1)) {
    auto close = tail.find(')', open);
    if (close == std::string_view::npos) break;
    auto inner = domain::trim(tail.substr(open + 1, close - open - 1));
    if (inner == "Waiting to start") {
      f.waiting = known = true;
    } else if (inner == "Stopped") {
      f.stopped = known = true;
    } else if (!inner.empty() && inner.back() == '%') {
      auto digits = domain::trim(inner.substr(0, inner.size() - 1));
      int n = 0;
      bool ok = !digits.empty() && digits.size() <= 3;
      for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) ok = false;
        n = n * 10 + (c - '0');
      }
      if (ok) {
        f.progress = n;
        known = true;
      }
    } else if (inner.starts_with("fast")) {
      f.mode = "FAST";
      known = true;
    } else if (inner.starts_with("relaxed")) {
      f.mode = "RELAX";
      known = true;
    } else if (inner.starts_with("turbo")) {
      f.mode = "TURBO";
      known = true;
    }
  }
  return known;
}

}  // namespace

bool is_midjourney_author(const gateway_event& ev) {
  return ev.author_is_bot &&
         (ev.author_id == mj_application_id || ev.author_id == niji_application_id);
}

std::string last_uuid_in(std::string_view text) {
  if (text.size() < 36) return {};
  for (std::size_t i = text.size() - 36 + 1; i-- > 0;)
    if (is_uuid(text.substr(i, 36))) return std::string{text.substr(i, 36)};
  return {};
}

std::string extract_job_hash(const gateway_event& ev) {
  for (const auto& url : ev.link_urls)
    if (auto h = job_link_hash(url); !h.empty()) return h;
  for (const auto& b : ev.buttons)
    if (auto h = last_uuid_in(b.custom_id); !h.empty()) return h;
  for (const auto& a : ev.attachments) {
    auto path = path_of(a.url.empty() ? a.filename : a.url);
    if (auto h = last_uuid_in(path); !h.empty()) return h;
    // "<slug>_<H>.png": the text between the last '_' and the extension.
    auto underscore = path.rfind('_');
    auto dot = path.rfind('.');
    if (underscore != std::string_view::npos && dot != std::string_view::npos && dot > underscore)
      if (auto cand = path.substr(underscore + 1, dot - underscore - 1); is_uuid(cand))
        return std::string{cand};
  }
  // Newer decorations: "[(Open on website…)](<https://midjourney.com/jobs/<H>>)".
  if (auto h = job_link_hash(ev.content); !h.empty()) return h;
  return {};
}

mj_reading read_mj_message(const gateway_event& ev) {
  mj_reading r;
  if (!ev.attachments.empty()) r.image_url = ev.attachments.front().url;
  r.job_hash = extract_job_hash(ev);
  if (!ev.embeds.empty()) r.title = ev.embeds.front().title;
  r.signal = classify_mj_signal(ev);
  if (r.signal.signal == mj_signal::job_queued) {
    r.phase = mj_phase::queued;
    return r;
  }
  if (r.signal.signal != mj_signal::none) {
    r.phase = mj_phase::error;
    r.error = r.signal.fail_reason;
    return r;
  }
  auto line = split_job_line(ev.content);
  if (!line) return r;
  tail_facts f;
  if (!read_tail(line->tail, f)) return r;
  r.prompt = std::string{line->prompt};
  r.mention_id = f.mention;
  r.mode = f.mode;
  r.origin = read_tail_origin(line->prompt, line->tail);
  if (r.origin) r.image_index = r.origin->image_index;
  if (f.stopped) {
    r.phase = mj_phase::error;
    r.error = "[Stopped] the job was stopped by Midjourney";
  } else if (f.waiting) {
    r.phase = mj_phase::waiting;
  } else if (f.progress >= 0) {
    r.phase = mj_phase::progress;
    r.progress = f.progress;
  } else if (ev.kind == event_kind::message_create) {
    bool has_image = false;
    for (const auto& a : ev.attachments) has_image = has_image || is_image(a);
    // A CREATE without an image (e.g. "Upscaling by …" before its first %) has started.
    r.phase = has_image ? mj_phase::done : mj_phase::waiting;
    if (has_image) r.progress = 100;
  }
  return r;
}

}  // namespace mjgate::discord
