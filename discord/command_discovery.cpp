#include "discord/command_discovery.hpp"

#include <nlohmann/json.hpp>

namespace mjgate::discord {

namespace {

using json = nlohmann::json;

constexpr std::string_view invalid_version = "INTERACTION_APPLICATION_COMMAND_INVALID_VERSION";

std::string text_of(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return {};
}

// Depth-first search for an "_errors" entry with the given code; the nesting
// path under "errors" is unconfirmed, so every level is searched.
bool has_error_code(const json& node, std::string_view code, int depth) {
  if (depth > 16) return false;
  if (node.is_object()) {
    if (auto it = node.find("_errors"); it != node.end() && it->is_array())
      for (const auto& e : *it)
        if (e.is_object() && text_of(e, "code") == code) return true;
    for (const auto& [key, child] : node.items())
      if (has_error_code(child, code, depth + 1)) return true;
  } else if (node.is_array()) {
    for (const auto& child : node)
      if (has_error_code(child, code, depth + 1)) return true;
  }
  return false;
}

}  // namespace

std::optional<command_ref> discovered_commands::find(std::string_view bot_type,
                                                     std::string_view name) const {
  const auto& table = bot_type == "NIJI_JOURNEY" ? niji : mj;
  auto it = table.find(name);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

std::optional<discovered_commands> parse_command_search(std::string_view body) {
  auto doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  auto list = doc.find("application_commands");
  if (list == doc.end() || !list->is_array()) return std::nullopt;
  discovered_commands found;
  for (const auto& c : *list) {
    if (!c.is_object()) continue;
    if (auto type = c.find("type"); type != c.end() && !(type->is_number() && *type == 1)) continue;
    command_ref ref{text_of(c, "id"), text_of(c, "version"), text_of(c, "name")};
    if (ref.id.empty() || ref.version.empty() || ref.name.empty()) continue;
    auto app = text_of(c, "application_id");
    auto* table = app == mj_application_id     ? &found.mj
                  : app == niji_application_id ? &found.niji
                                               : nullptr;
    if (table) table->insert_or_assign(ref.name, std::move(ref));
  }
  return found;
}

command_ref resolve_command(const discovered_commands& found, std::string_view bot_type,
                            std::string_view name) {
  if (auto ref = found.find(bot_type, name)) return *ref;
  return fallback_command(bot_type, name);
}

bool is_invalid_version_error(std::string_view body) {
  auto doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || text_of(doc, "code") != "50035") return false;
  auto errors = doc.find("errors");
  return errors != doc.end() && has_error_code(*errors, invalid_version, 0);
}

}  // namespace mjgate::discord
