// The MODAL rule (api-contracts.md §3.4 rules 7–9, discord-midjourney-protocol.md
// §5.3 remix table): whether a button click runs at once, runs and then has
// its modal submitted automatically, or waits in MODAL for /submit/modal; and
// the checks on a modal's prompt. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/errc.hpp"

namespace mjgate::domain {

/// How a button relates to modals. The caller maps discord::button_kind:
/// PromptAnalyzer → unless_auto_submit, PicReader "all" → keep_prefill, other
/// always_modal() kinds (Inpaint, CustomZoom, PicReader 1–4) → always,
/// remix_modal_possible() → remix, else never.
enum class modal_policy : std::uint8_t {
  never,               ///< plain click (U, zoom 2x/1.5x, HD upscale, retry)
  remix,               ///< opens a remix modal when the account's Remix is on
  always,              ///< always opens a modal the caller must fill (code 21)
  unless_auto_submit,  ///< PromptAnalyzer: modal unless the account auto-submits
  keep_prefill,        ///< PicReader "all": each pick's modal is sent as Midjourney prefilled it
};

/// What the account does with a /submit/action click.
enum class click_plan_kind : std::uint8_t {
  click,                  ///< send the click; the job runs (code 1/22)
  click_then_auto_modal,  ///< click, then submit the modal ourselves with `modal_prompt`
  wait_for_modal,         ///< create the child in MODAL and answer code 21
};

/// The decision of plan_click.
struct click_plan {
  click_plan_kind kind = click_plan_kind::click;
  /// For click_then_auto_modal: the caller's prompt, else the parent's promptEn;
  /// "" means "keep the modal's prefilled value" (PromptAnalyzer).
  std::string modal_prompt;
  errc error = errc::none;  ///< validation when enableRemix asks for a Remix the account lacks
  std::string message;      ///< the code 4 text when `error` is set
};

/// The account's remix settings (from the last /settings sync and its config).
struct remix_settings {
  bool remix = false;              ///< Remix mode on
  bool remix_auto_submit = false;  ///< remixAutoSubmit
};

/// Rule 8. `enable_remix` is /submit/action's flag (true on an account whose
/// Remix is off → code 4 "当前账号不支持 remix"); `caller_prompt` may be empty.
click_plan plan_click(modal_policy policy, const remix_settings& account, bool enable_remix,
                      std::string_view caller_prompt, std::string_view parent_prompt_en);

/// Which modal a /submit/modal call completes (rule 9).
enum class modal_target : std::uint8_t { other, custom_zoom, inpaint };

/// The verdict of validate_modal_prompt.
struct modal_check {
  errc error = errc::none;
  std::string message;  ///< code 4 text when `error` is set
};

/// Rule 9 on the effective prompt (the caller's, or the parent's when empty):
/// CustomZoom needs `--ar` and `--zoom` with a value in 1..2; Inpaint needs a mask.
modal_check validate_modal_prompt(modal_target target, std::string_view prompt, bool has_mask);

}  // namespace mjgate::domain
