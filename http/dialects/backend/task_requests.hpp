// Parsing of the backend dialect's task requests (api-contracts.md §7.3):
// JSON bodies and query parameters into plain values, or the 10102 answer
// naming the field. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/reply.hpp"

namespace mjgate::http::backend {

inline constexpr std::size_t max_note_chars = 255;  ///< code points
inline constexpr std::size_t max_delete_ids = 1000;
inline constexpr int default_page_limit = 20;
inline constexpr int max_page_limit = 100;

/// POST /task.
struct create_request {
  std::string type;  ///< "image" or "video"
  int priority = 0;  ///< -128..127
  std::string input;
  std::string note;
  friend bool operator==(const create_request&, const create_request&) = default;
};

/// `type` required (image or video); `input` required and not blank (kept
/// as sent); `priority` an integer in -128..127 (default 0); `note` at most
/// 255 characters.
std::variant<create_request, reply> parse_create(std::string_view body);

/// A video input "<image URL> [prompt]", split.
struct video_input {
  std::string image_url;
  std::string prompt;
  friend bool operator==(const video_input&, const video_input&) = default;
};

/// The image URL (http or https) that must open a video input, and the rest
/// as its prompt; 10102 when it does not start with one.
std::variant<video_input, reply> parse_video_input(std::string_view input);

/// PUT /task: the keys present are applied (null counts as absent).
struct update_request {
  std::int64_t id = 0;
  std::optional<std::string> note;
  std::optional<int> priority;
  friend bool operator==(const update_request&, const update_request&) = default;
};
std::variant<update_request, reply> parse_update(std::string_view body);

/// PUT /task/status: the status is checked against the §7.4 table later
/// (a value outside 0..3 is a 10102 there).
struct status_request {
  std::int64_t id = 0;
  std::int64_t status = 0;
  friend bool operator==(const status_request&, const status_request&) = default;
};
std::variant<status_request, reply> parse_status(std::string_view body);

/// DELETE /task {"ids":[…]}: null, absent or empty → no ids; more than
/// 1 000 → 10102.
std::variant<std::vector<std::int64_t>, reply> parse_delete(std::string_view body);

/// The task id of GET /task?id= or /task/{id}: a positive decimal int64.
std::variant<std::int64_t, reply> parse_task_id(std::optional<std::string_view> text);

/// GET /tasks?offset=&limit=&all=.
struct page_request {
  std::int64_t offset = 0;
  int limit = default_page_limit;  ///< 0..max_page_limit (larger values are clamped)
  bool all = false;                ///< all=1 / all=true: every user's (admins only)
  friend bool operator==(const page_request&, const page_request&) = default;
};
/// Negative or non-numeric offset or limit → 10102; an absent or empty one
/// takes its default.
std::variant<page_request, reply> parse_page(std::optional<std::string_view> offset,
                                             std::optional<std::string_view> limit,
                                             std::optional<std::string_view> all);

}  // namespace mjgate::http::backend
