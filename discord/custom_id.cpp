#include "discord/custom_id.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "discord/mj_message.hpp"

namespace mjgate::discord {

namespace {

using domain::task_action;

struct kind_row {
  button_kind kind;
  std::string_view name;
};

// Names of the kinds; for the MJ::JOB family they are also the wire names.
constexpr std::array<kind_row, 27> kind_names{{
    {button_kind::unknown, "unknown"},
    {button_kind::upsample, "upsample"},
    {button_kind::video_virtual_upscale, "video_virtual_upscale"},
    {button_kind::variation, "variation"},
    {button_kind::reroll, "reroll"},
    {button_kind::high_variation, "high_variation"},
    {button_kind::low_variation, "low_variation"},
    {button_kind::inpaint, "inpaint"},
    {button_kind::outpaint_50, "outpaint_50"},
    {button_kind::outpaint_75, "outpaint_75"},
    {button_kind::custom_zoom, "custom_zoom"},
    {button_kind::pan_left, "pan_left"},
    {button_kind::pan_right, "pan_right"},
    {button_kind::pan_up, "pan_up"},
    {button_kind::pan_down, "pan_down"},
    {button_kind::upsample_hd, "upsample_hd"},
    {button_kind::animate_high, "animate_high"},
    {button_kind::animate_low, "animate_low"},
    {button_kind::animate_high_extend, "animate_high_extend"},
    {button_kind::animate_low_extend, "animate_low_extend"},
    {button_kind::picread_retry, "picread_retry"},
    {button_kind::picreader, "picreader"},
    {button_kind::picreader_all, "picreader_all"},
    {button_kind::prompt_analyzer, "prompt_analyzer"},
    {button_kind::bookmark, "bookmark"},
    {button_kind::settings, "settings"},
    {button_kind::appeal, "appeal"},
}};

// Kinds of the MJ::JOB::<name>::<i>::<H>[::SOLO] family.
constexpr std::array<button_kind, 14> job_family{button_kind::upsample,
                                                 button_kind::video_virtual_upscale,
                                                 button_kind::variation,
                                                 button_kind::reroll,
                                                 button_kind::high_variation,
                                                 button_kind::low_variation,
                                                 button_kind::pan_left,
                                                 button_kind::pan_right,
                                                 button_kind::pan_up,
                                                 button_kind::pan_down,
                                                 button_kind::animate_high,
                                                 button_kind::animate_low,
                                                 button_kind::animate_high_extend,
                                                 button_kind::animate_low_extend};

constexpr std::string_view hd_prefix = "upsample_";
constexpr std::string_view solo = "SOLO";

std::vector<std::string_view> split_parts(std::string_view s) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto pos = s.find("::");
    parts.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) return parts;
    s.remove_prefix(pos + 2);
  }
}

std::optional<int> small_number(std::string_view s) {
  if (s.empty() || s.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool is_hash(std::string_view s) {
  return s.size() == 36 && last_uuid_in(s) == s;
}

std::optional<button_kind> job_kind(std::string_view name) {
  for (auto k : job_family)
    if (to_string(k) == name) return k;
  return std::nullopt;
}

// "<i>::<H>[::SOLO]" starting at parts[at].
bool read_index_hash(const std::vector<std::string_view>& parts, std::size_t at, mj_button& b) {
  if (parts.size() != at + 2 && !(parts.size() == at + 3 && parts[at + 2] == solo)) return false;
  auto index = small_number(parts[at]);
  if (!index || !is_hash(parts[at + 1])) return false;
  b.index = *index;
  b.hash = std::string{parts[at + 1]};
  b.solo = parts.size() == at + 3;
  return true;
}

std::string join_from(const std::vector<std::string_view>& parts, std::size_t from,
                      std::size_t to) {
  std::string out;
  for (auto i = from; i < to; ++i) {
    if (i > from) out += "::";
    out += parts[i];
  }
  return out;
}

mj_button parse_job(const std::vector<std::string_view>& parts) {
  mj_button b;
  if (parts.size() < 3) return {};
  auto name = parts[2];
  if (auto k = job_kind(name)) {
    b.kind = *k;
  } else if (name.starts_with(hd_prefix) && name.size() > hd_prefix.size()) {
    b.kind = button_kind::upsample_hd;
    b.extra = std::string{name.substr(hd_prefix.size())};
  } else {
    return {};
  }
  if (!read_index_hash(parts, 3, b)) return {};
  bool grid_pick = b.kind == button_kind::upsample ||
                   b.kind == button_kind::video_virtual_upscale || b.kind == button_kind::variation;
  if (grid_pick && (b.index < 1 || b.index > 4)) return {};
  return b;
}

mj_button parse_parts(const std::vector<std::string_view>& parts) {
  if (parts.size() < 3 || parts[0] != "MJ") return {};
  auto family = parts[1];
  mj_button b;
  if (family == "JOB") return parse_job(parts);
  if (family == "Inpaint") {
    b.kind = button_kind::inpaint;
    return read_index_hash(parts, 2, b) ? b : mj_button{};
  }
  if (family == "Outpaint" && parts.size() >= 5) {
    if (parts[2] == "50")
      b.kind = button_kind::outpaint_50;
    else if (parts[2] == "75")
      b.kind = button_kind::outpaint_75;
    else
      return {};
    return read_index_hash(parts, 3, b) ? b : mj_button{};
  }
  if ((family == "CustomZoom" || family == "BOOKMARK") && parts.size() == 3 && is_hash(parts[2])) {
    b.kind = family == "CustomZoom" ? button_kind::custom_zoom : button_kind::bookmark;
    b.hash = std::string{parts[2]};
    return b;
  }
  if (family == "Picread" && parts.size() == 3 && parts[2] == "Retry") {
    b.kind = button_kind::picread_retry;
    return b;
  }
  if (family == "Job" && parts[2] == "PicReader" && parts.size() == 4) {
    if (parts[3] == "all") {
      b.kind = button_kind::picreader_all;
      return b;
    }
    auto index = small_number(parts[3]);
    if (!index || *index < 1 || *index > 4) return {};
    b.kind = button_kind::picreader;
    b.index = *index;
    return b;
  }
  if (family == "Job" && parts[2] == "PromptAnalyzer" && parts.size() >= 4) {
    auto index = small_number(parts.back());
    if (!index) return {};
    b.kind = button_kind::prompt_analyzer;
    b.index = *index;
    b.extra = join_from(parts, 3, parts.size() - 1);
    return b;
  }
  if (family == "Settings" && !parts[2].empty()) {
    b.kind = button_kind::settings;
    b.extra = join_from(parts, 2, parts.size());
    return b;
  }
  if (family == "Prompts" && parts[2] == "Appeal" && parts.size() >= 4) {
    b.kind = button_kind::appeal;
    b.extra = join_from(parts, 3, parts.size());
    return b;
  }
  return {};
}

std::string index_hash(const mj_button& b) {
  return std::to_string(b.index) + "::" + b.hash + (b.solo ? "::SOLO" : "");
}

bool is_lower_op(char c) {
  return c == 'u' || c == 'v' || c == 'r';
}

}  // namespace

std::string_view to_string(button_kind kind) {
  for (const auto& row : kind_names)
    if (row.kind == kind) return row.name;
  return "unknown";
}

mj_button parse_custom_id(std::string_view custom_id) {
  return parse_parts(split_parts(custom_id));
}

std::optional<domain::task_action> task_action_of(button_kind kind) {
  switch (kind) {
    case button_kind::upsample:
    case button_kind::video_virtual_upscale:
      return task_action::upscale;
    case button_kind::variation:
    case button_kind::high_variation:
    case button_kind::low_variation:
    case button_kind::inpaint:
      return task_action::variation;
    case button_kind::reroll:
      return task_action::reroll;
    case button_kind::outpaint_50:
    case button_kind::outpaint_75:
    case button_kind::custom_zoom:
      return task_action::zoom;
    case button_kind::pan_left:
    case button_kind::pan_right:
    case button_kind::pan_up:
    case button_kind::pan_down:
      return task_action::pan;
    case button_kind::upsample_hd:
      return task_action::upscale_hd;
    case button_kind::animate_high:
    case button_kind::animate_low:
    case button_kind::animate_high_extend:
    case button_kind::animate_low_extend:
      return task_action::video;
    case button_kind::picread_retry:
      return task_action::describe;
    case button_kind::picreader:
    case button_kind::picreader_all:
    case button_kind::prompt_analyzer:
      return task_action::imagine;
    case button_kind::unknown:
    case button_kind::bookmark:
    case button_kind::settings:
    case button_kind::appeal:
      return std::nullopt;
  }
  return std::nullopt;
}

bool needs_slot(button_kind kind) {
  return task_action_of(kind).has_value() && kind != button_kind::upsample &&
         kind != button_kind::video_virtual_upscale;
}

bool always_modal(button_kind kind) {
  return kind == button_kind::inpaint || kind == button_kind::custom_zoom ||
         kind == button_kind::picreader || kind == button_kind::prompt_analyzer;
}

std::optional<std::string> find_animate_button(const std::vector<domain::button>& buttons,
                                               bool high_motion, bool extend) {
  auto wanted = high_motion
                    ? (extend ? button_kind::animate_high_extend : button_kind::animate_high)
                    : (extend ? button_kind::animate_low_extend : button_kind::animate_low);
  for (const auto& b : buttons)
    if (parse_custom_id(b.custom_id).kind == wanted) return b.custom_id;
  return std::nullopt;
}

std::vector<std::string> picreader_picks(const std::vector<domain::button>& buttons) {
  std::vector<std::string> picks;
  for (int i = 1; i <= 4; ++i) {
    auto id = build_custom_id({button_kind::picreader, i, {}, {}, false});
    bool offered = std::any_of(buttons.begin(), buttons.end(),
                               [&](const domain::button& b) { return b.custom_id == id; });
    if (offered) picks.push_back(std::move(id));
  }
  return picks;
}

domain::modal_policy modal_policy_of(button_kind kind) {
  if (kind == button_kind::prompt_analyzer) return domain::modal_policy::unless_auto_submit;
  if (kind == button_kind::picreader_all) return domain::modal_policy::keep_prefill;
  if (always_modal(kind)) return domain::modal_policy::always;
  if (remix_modal_possible(kind)) return domain::modal_policy::remix;
  return domain::modal_policy::never;
}

bool remix_modal_possible(button_kind kind) {
  switch (kind) {
    case button_kind::variation:
    case button_kind::reroll:
    case button_kind::high_variation:
    case button_kind::low_variation:
    case button_kind::pan_left:
    case button_kind::pan_right:
    case button_kind::pan_up:
    case button_kind::pan_down:
    case button_kind::animate_high:
    case button_kind::animate_low:
    case button_kind::animate_high_extend:
    case button_kind::animate_low_extend:
      return true;
    default:
      return false;
  }
}

std::string build_custom_id(const mj_button& b) {
  switch (b.kind) {
    case button_kind::unknown:
      return {};
    case button_kind::upsample_hd:
      return "MJ::JOB::upsample_" + b.extra + "::" + index_hash(b);
    case button_kind::inpaint:
      return "MJ::Inpaint::" + index_hash(b);
    case button_kind::outpaint_50:
      return "MJ::Outpaint::50::" + index_hash(b);
    case button_kind::outpaint_75:
      return "MJ::Outpaint::75::" + index_hash(b);
    case button_kind::custom_zoom:
      return "MJ::CustomZoom::" + b.hash;
    case button_kind::bookmark:
      return "MJ::BOOKMARK::" + b.hash;
    case button_kind::picread_retry:
      return "MJ::Picread::Retry";
    case button_kind::picreader:
      return "MJ::Job::PicReader::" + std::to_string(b.index);
    case button_kind::picreader_all:
      return "MJ::Job::PicReader::all";
    case button_kind::prompt_analyzer:
      return "MJ::Job::PromptAnalyzer::" + (b.extra.empty() ? std::string{} : b.extra + "::") +
             std::to_string(b.index);
    case button_kind::settings:
      return "MJ::Settings::" + b.extra;
    case button_kind::appeal:
      return "MJ::Prompts::Appeal::" + b.extra;
    default:  // the MJ::JOB::<name> family
      return "MJ::JOB::" + std::string{to_string(b.kind)} + "::" + index_hash(b);
  }
}

std::optional<mj_button> change_button(domain::task_action action, int index,
                                       std::string_view hash) {
  mj_button b;
  b.hash = std::string{hash};
  switch (action) {
    case task_action::upscale:
    case task_action::variation:
      if (index < 1 || index > 4) return std::nullopt;
      b.kind = action == task_action::upscale ? button_kind::upsample : button_kind::variation;
      b.index = index;
      return b;
    case task_action::reroll:
      b.kind = button_kind::reroll;
      b.solo = true;
      return b;
    default:
      return std::nullopt;
  }
}

simple_change_result parse_simple_change(std::string_view content) {
  auto space = content.find(' ');
  if (space == std::string_view::npos || content.find(' ', space + 1) != std::string_view::npos)
    return {std::nullopt, "content must be \"<taskId> <op>\" with exactly one space"};
  auto id = content.substr(0, space);
  auto op = content.substr(space + 1);
  if (id.empty()) return {std::nullopt, "missing task id"};
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      return {std::nullopt, "invalid task id"};
  char verb =
      op.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(op[0])));
  if (!is_lower_op(verb)) return {std::nullopt, "op must be one of U1-U4, V1-V4, R"};
  simple_change change{std::string{id}, task_action::reroll, 0};
  if (verb == 'r') {
    if (op.size() != 1) return {std::nullopt, "R takes no index"};
    return {std::move(change), {}};
  }
  if (op.size() != 2 || op[1] < '1' || op[1] > '4') return {std::nullopt, "index must be 1-4"};
  change.action = verb == 'u' ? task_action::upscale : task_action::variation;
  change.index = op[1] - '0';
  return {std::move(change), {}};
}

}  // namespace mjgate::discord
