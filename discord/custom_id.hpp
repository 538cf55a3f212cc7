// Midjourney button customIds (discord-midjourney-protocol.md §5.3): parsing
// into a typed button, building them back for /submit/change, and the
// "<taskId> U2" text of /submit/simple-change. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/remix.hpp"
#include "domain/task.hpp"

namespace mjgate::discord {

/// Every row of the §5.3 table; `unknown` for anything else.
enum class button_kind : std::uint8_t {
  unknown,
  upsample,               ///< MJ::JOB::upsample::<i>::<H>
  video_virtual_upscale,  ///< MJ::JOB::video_virtual_upscale::<i>::<H>
  variation,              ///< MJ::JOB::variation::<i>::<H>
  reroll,                 ///< MJ::JOB::reroll::0::<H>::SOLO
  high_variation,         ///< MJ::JOB::high_variation::1::<H>::SOLO (Vary Strong)
  low_variation,          ///< MJ::JOB::low_variation::1::<H>::SOLO (Vary Subtle)
  inpaint,                ///< MJ::Inpaint::1::<H>::SOLO (Vary Region)
  outpaint_50,            ///< MJ::Outpaint::50::1::<H>::SOLO (Zoom Out 2x)
  outpaint_75,            ///< MJ::Outpaint::75::1::<H>::SOLO (Zoom Out 1.5x)
  custom_zoom,            ///< MJ::CustomZoom::<H>
  pan_left,               ///< MJ::JOB::pan_left::1::<H>::SOLO
  pan_right,
  pan_up,
  pan_down,
  upsample_hd,          ///< MJ::JOB::upsample_<kind>::1::<H>::SOLO; `extra` = <kind>
  animate_high,         ///< MJ::JOB::animate_high::1::<H>[::SOLO]
  animate_low,          ///< MJ::JOB::animate_low::1::<H>[::SOLO]
  animate_high_extend,  ///< MJ::JOB::animate_high_extend::1::<H>[::SOLO]
  animate_low_extend,   ///< MJ::JOB::animate_low_extend::1::<H>[::SOLO]
  picread_retry,        ///< MJ::Picread::Retry
  picreader,            ///< MJ::Job::PicReader::<1..4>
  picreader_all,        ///< MJ::Job::PicReader::all
  prompt_analyzer,      ///< MJ::Job::PromptAnalyzer::…::<idx>; `extra` = the middle parts
  bookmark,             ///< MJ::BOOKMARK::<H>
  settings,             ///< MJ::Settings::*; `extra` = the rest after "MJ::Settings::"
  appeal,               ///< MJ::Prompts::Appeal::<token>; `extra` = the token
};

/// A parsed customId. Fields a kind does not use stay empty / 0.
struct mj_button {
  button_kind kind = button_kind::unknown;
  int index = 0;      ///< 1..4 for U/V/PicReader, 0 for reroll, 1 for SOLO rows, idx for analyzer
  std::string hash;   ///< job hash <H> ("" when the id carries none)
  std::string extra;  ///< HD kind, settings name, appeal token or analyzer parts
  bool solo = false;  ///< ends in "::SOLO"
  friend bool operator==(const mj_button&, const mj_button&) = default;
};

/// Stable snake_case name of a kind ("upsample_hd", "pan_left", …).
std::string_view to_string(button_kind kind);

/// Parses one customId; kind `unknown` (with nothing else set) when it fits no row.
mj_button parse_custom_id(std::string_view custom_id);

/// The task action a click creates; nullopt for bookmark, settings, appeal and unknown.
std::optional<domain::task_action> task_action_of(button_kind kind);

/// True when the job occupies a concurrency slot on the account: every GPU job.
/// A simple U (a crop of the grid) and the non-job buttons take none.
bool needs_slot(button_kind kind);

/// True when the click always opens a modal (Vary Region, custom zoom, PicReader, analyzer).
bool always_modal(button_kind kind);

/// True when the click opens a remix modal if the account's Remix mode is on.
bool remix_modal_possible(button_kind kind);

/// How a click relates to modals (domain::plan_click's input): PromptAnalyzer
/// → unless_auto_submit, other always_modal kinds → always,
/// remix_modal_possible kinds → remix, else never.
domain::modal_policy modal_policy_of(button_kind kind);

/// The customId of a parsed button (inverse of parse_custom_id for every known kind);
/// "" for unknown.
std::string build_custom_id(const mj_button& button);

/// The button /submit/change means: UPSCALE → U<index>, VARIATION → V<index>
/// (index 1..4), REROLL → the reroll button (index ignored). nullopt otherwise.
std::optional<mj_button> change_button(domain::task_action action, int index,
                                       std::string_view hash);

/// The customId of the parent's Animate button for /submit/video with a
/// taskId: high or low motion, extending a video or not; nullopt when the
/// parent offers none (a grid must be upscaled first).
std::optional<std::string> find_animate_button(const std::vector<domain::button>& buttons,
                                               bool high_motion, bool extend);

/// The PicReader 1–4 customIds among a describe result's buttons, in index
/// order, each once: the picks that PicReader "all" stands for.
std::vector<std::string> picreader_picks(const std::vector<domain::button>& buttons);

/// One parsed /submit/simple-change content, "<taskId> <op>".
struct simple_change {
  std::string task_id;
  domain::task_action action = domain::task_action::upscale;
  int index = 0;  ///< 1..4 for U/V, 0 for R
  friend bool operator==(const simple_change&, const simple_change&) = default;
};

/// A simple_change or the reason it was rejected.
struct simple_change_result {
  std::optional<simple_change> value;
  std::string error;  ///< why the content was rejected ("" on success)
};

/// Parses "<taskId> <op>" with op one of U1–U4, V1–V4, R (case-insensitive,
/// exactly one space; api-contracts.md /submit/simple-change).
simple_change_result parse_simple_change(std::string_view content);

}  // namespace mjgate::discord
