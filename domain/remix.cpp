#include "domain/remix.hpp"

#include <cctype>
#include <charconv>
#include <optional>

#include "domain/text.hpp"

namespace mjgate::domain {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The value token after a whole-token `--name`, or nullopt when the parameter
// is absent ("" when present without a value).
std::optional<std::string_view> parameter_value(std::string_view prompt, std::string_view name) {
  std::size_t i = 0;
  while (i < prompt.size()) {
    while (i < prompt.size() && is_space(prompt[i])) ++i;
    std::size_t start = i;
    while (i < prompt.size() && !is_space(prompt[i])) ++i;
    if (prompt.substr(start, i - start) != name) continue;
    while (i < prompt.size() && is_space(prompt[i])) ++i;
    std::size_t value = i;
    while (i < prompt.size() && !is_space(prompt[i])) ++i;
    auto token = prompt.substr(value, i - value);
    return token.starts_with("--") ? std::string_view{} : token;
  }
  return std::nullopt;
}

bool parse_number(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

}  // namespace

click_plan plan_click(modal_policy policy, const remix_settings& account, bool enable_remix,
                      std::string_view caller_prompt, std::string_view parent_prompt_en) {
  click_plan plan;
  if (enable_remix && !account.remix) {
    plan.error = errc::validation;
    plan.message = "当前账号不支持 remix";
    return plan;
  }
  std::string prompt{trim(caller_prompt)};
  switch (policy) {
    case modal_policy::never:
      break;
    case modal_policy::always:
      plan.kind = click_plan_kind::wait_for_modal;
      break;
    case modal_policy::unless_auto_submit:
      if (account.remix_auto_submit) {
        plan.kind = click_plan_kind::click_then_auto_modal;
        plan.modal_prompt = prompt;
      } else {
        plan.kind = click_plan_kind::wait_for_modal;
      }
      break;
    case modal_policy::keep_prefill:
      // Nobody is asked: the four picks run with the describe lines as written.
      plan.kind = click_plan_kind::click_then_auto_modal;
      break;
    case modal_policy::remix:
      if (!account.remix) break;
      if (!account.remix_auto_submit) {
        plan.kind = click_plan_kind::wait_for_modal;
        break;
      }
      plan.kind = click_plan_kind::click_then_auto_modal;
      plan.modal_prompt = prompt.empty() ? std::string{trim(parent_prompt_en)} : prompt;
      break;
  }
  return plan;
}

modal_check validate_modal_prompt(modal_target target, std::string_view prompt, bool has_mask) {
  switch (target) {
    case modal_target::other:
      return {};
    case modal_target::inpaint:
      if (!has_mask) return {errc::validation, "maskBase64 参数错误"};
      return {};
    case modal_target::custom_zoom: {
      auto ar = parameter_value(prompt, "--ar");
      if (!ar || ar->empty()) return {errc::validation, "CustomZoom 的 prompt 需要 --ar"};
      auto zoom = parameter_value(prompt, "--zoom");
      double value = 0;
      if (!zoom || !parse_number(*zoom, value) || value < 1 || value > 2)
        return {errc::validation, "CustomZoom 的 prompt 需要 --zoom 1~2"};
      return {};
    }
  }
  return {};
}

}  // namespace mjgate::domain
