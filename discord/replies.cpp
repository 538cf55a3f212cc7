#include "discord/replies.hpp"

#include <cctype>
#include <charconv>

#include "discord/mj_message.hpp"
#include "domain/text.hpp"

namespace mjgate::discord {

namespace {

using domain::to_lower;
using domain::trim;

// Length of a keycap digit prefix ("1" U+FE0F? U+20E3) at the start of a line, 0 if none.
std::size_t keycap_length(std::string_view line) {
  constexpr std::string_view variation_selector = "\xEF\xB8\x8F";
  constexpr std::string_view combining_keycap = "\xE2\x83\xA3";
  if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) return 0;
  auto rest = line.substr(1);
  std::size_t n = 1;
  if (rest.starts_with(variation_selector)) {
    rest.remove_prefix(variation_selector.size());
    n += variation_selector.size();
  }
  return rest.starts_with(combining_keycap) ? n + combining_keycap.size() : 0;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (;;) {
    auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) return out;
    text.remove_prefix(nl + 1);
  }
}

// Text of the "## <heading>" section (up to the next heading), or nullopt.
std::optional<std::string_view> section(std::string_view text, std::string_view heading) {
  auto lower = to_lower(text);
  auto pos = lower.find(to_lower(heading));
  if (pos == std::string::npos) return std::nullopt;
  auto start = text.find('\n', pos);
  if (start == std::string_view::npos) return std::string_view{};
  auto body = text.substr(start + 1);
  for (auto h = body.find("##"); h != std::string_view::npos; h = body.find("##", h + 1))
    if (h == 0 || body[h - 1] == '\n') return body.substr(0, h);
  return body;
}

std::optional<double> leading_number(std::string_view s) {
  s = trim(s);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end == s.data()) return std::nullopt;
  return v;
}

std::string mode_of(std::string_view value) {
  auto v = to_lower(trim(value));
  if (v.starts_with("fast")) return "FAST";
  if (v.starts_with("relax")) return "RELAX";
  if (v.starts_with("turbo")) return "TURBO";
  return {};
}

// "**Key**: value" → {Key, value}.
std::optional<std::pair<std::string, std::string>> key_value(std::string_view line) {
  line = trim(line);
  if (!line.starts_with("**")) return std::nullopt;
  auto close = line.find("**", 2);
  if (close == std::string_view::npos) return std::nullopt;
  auto key = trim(line.substr(2, close - 2));
  auto rest = trim(line.substr(close + 2));
  if (key.ends_with(':')) key.remove_suffix(1);
  if (rest.starts_with(':')) rest.remove_prefix(1);
  if (key.empty()) return std::nullopt;
  return std::pair{std::string{trim(key)}, std::string{trim(rest)}};
}

bool is_settings_id(std::string_view id) {
  return id.starts_with("MJ::Settings::");
}

}  // namespace

std::vector<std::string> numbered_items(std::string_view text) {
  std::vector<std::string> items;
  bool open = false;
  for (auto line : lines_of(text)) {
    auto t = trim(line);
    if (auto n = keycap_length(t); n > 0) {
      items.emplace_back(trim(t.substr(n)));
      open = true;
    } else if (t.starts_with('#')) {
      open = false;
    } else if (open && !t.empty()) {
      items.back() += items.back().empty() ? "" : " ";
      items.back() += t;
    }
  }
  return items;
}

std::string describe_line(std::string_view description, int n) {
  auto items = numbered_items(description);
  if (n < 1 || static_cast<std::size_t>(n) > items.size()) return {};
  return std::move(items[static_cast<std::size_t>(n) - 1]);
}

std::optional<describe_reply> read_describe_reply(const gateway_event& ev) {
  if (ev.embeds.empty()) return std::nullopt;
  const auto& e = ev.embeds.front();
  describe_reply r;
  r.prompts = numbered_items(e.description);
  if (r.prompts.empty()) return std::nullopt;
  r.description = e.description;
  r.image_url = e.image_url;
  if (r.image_url.empty() && !ev.attachments.empty()) r.image_url = ev.attachments.front().url;
  return r;
}

std::optional<shorten_reply> read_shorten_reply(const gateway_event& ev) {
  if (ev.embeds.empty()) return std::nullopt;
  const auto& e = ev.embeds.front();
  auto list = section(e.description, "Shortened prompts");
  if (!list) return std::nullopt;
  shorten_reply r;
  r.prompts = numbered_items(*list);
  if (r.prompts.empty()) return std::nullopt;
  if (auto tokens = section(e.description, "Important tokens"))
    r.important_tokens = std::string{trim(*tokens)};
  r.description = e.description;
  return r;
}

std::string info_reply::value(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

std::optional<info_reply> read_info_reply(const gateway_event& ev) {
  if (ev.embeds.empty()) return std::nullopt;
  const auto& e = ev.embeds.front();
  if (to_lower(e.title).find("your info") == std::string::npos) return std::nullopt;
  info_reply r;
  for (auto line : lines_of(e.description))
    if (auto kv = key_value(line)) r.fields.push_back(std::move(*kv));
  r.subscription = r.value("Subscription");
  r.job_mode = mode_of(r.value("Job Mode"));
  r.visibility_mode = r.value("Visibility Mode");
  auto fast = r.value("Fast Time Remaining");
  r.fast_hours_remaining = leading_number(fast);
  if (auto slash = fast.find('/'); slash != std::string::npos)
    r.fast_hours_total = leading_number(std::string_view{fast}.substr(slash + 1));
  return r;
}

std::optional<bool> settings_reply::toggle(std::string_view label) const {
  auto wanted = to_lower(label);
  for (const auto& t : toggles)
    if (to_lower(trim(t.label)) == wanted) return t.on;
  return std::nullopt;
}

std::optional<settings_reply> read_settings_reply(const gateway_event& ev) {
  bool is_settings = ev.interaction_name == "settings";
  for (const auto& b : ev.buttons) is_settings = is_settings || is_settings_id(b.custom_id);
  if (!is_settings) return std::nullopt;
  settings_reply r;
  r.message_id = ev.id;
  r.flags = ev.flags;
  for (const auto& menu : ev.selects) {
    if (menu.custom_id != "MJ::Settings::VersionSelector") continue;
    r.version_selector_id = menu.custom_id;
    r.versions = menu.options;
    for (const auto& o : menu.options)
      if (o.is_default) r.current_version = o.value;
  }
  for (const auto& b : ev.buttons)
    if (b.type == 2 && !b.label.empty()) r.toggles.push_back({b.label, b.custom_id, b.style == 3});
  return r;
}

std::optional<seed_reply> read_seed_reply(std::string_view content) {
  constexpr std::string_view job_key = "**Job ID**:";
  constexpr std::string_view seed_key = "**seed**";
  auto j = content.find(job_key);
  auto s = content.find(seed_key);
  if (j == std::string_view::npos || s == std::string_view::npos) return std::nullopt;
  auto job_line = content.substr(j + job_key.size());
  job_line = trim(job_line.substr(0, job_line.find('\n')));
  if (job_line.size() != 36 || last_uuid_in(job_line) != job_line) return std::nullopt;
  auto digits = trim(content.substr(s + seed_key.size()));
  seed_reply r;
  r.job_hash = std::string{job_line};
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), r.seed);
  if (ec != std::errc{} || end == digits.data()) return std::nullopt;
  return r;
}

}  // namespace mjgate::discord
