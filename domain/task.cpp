#include "domain/task.hpp"

#include <array>
#include <utility>

namespace mjgate::domain {

namespace {

constexpr std::array<std::pair<task_status, std::string_view>, 9> status_names{{
    {task_status::not_start, "NOT_START"},
    {task_status::modal, "MODAL"},
    {task_status::submitted, "SUBMITTED"},
    {task_status::in_progress, "IN_PROGRESS"},
    {task_status::success, "SUCCESS"},
    {task_status::failure, "FAILURE"},
    {task_status::cancel, "CANCEL"},
    {task_status::queued, "QUEUED"},
    {task_status::unknown, "UNKNOWN"},
}};

constexpr std::array<std::pair<task_action, std::string_view>, 15> action_names{{
    {task_action::imagine, "IMAGINE"},
    {task_action::upscale, "UPSCALE"},
    {task_action::variation, "VARIATION"},
    {task_action::reroll, "REROLL"},
    {task_action::describe, "DESCRIBE"},
    {task_action::blend, "BLEND"},
    {task_action::shorten, "SHORTEN"},
    {task_action::pan, "PAN"},
    {task_action::zoom, "ZOOM"},
    {task_action::upscale_hd, "UPSCALE_HD"},
    {task_action::video, "VIDEO"},
    {task_action::edit, "EDIT"},
    {task_action::upload, "UPLOAD"},
    {task_action::music, "MUSIC"},
    {task_action::lyrics, "LYRICS"},
}};

template <class Table, class Enum>
std::string_view name_of(const Table& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "UNKNOWN";
}

template <class Table>
auto value_of(const Table& table, std::string_view name)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(task_status s) {
  return name_of(status_names, s);
}
std::optional<task_status> parse_task_status(std::string_view s) {
  return value_of(status_names, s);
}
std::string_view to_string(task_action a) {
  return name_of(action_names, a);
}
std::optional<task_action> parse_task_action(std::string_view s) {
  return value_of(action_names, s);
}

}  // namespace mjgate::domain
