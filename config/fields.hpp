// The table of every config key and the typed field it sets, shared by the
// TOML reader, the environment/flag overrides and setting_keys(). Internal to
// mjgate_config (it includes toml++).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"

namespace mjgate::config::detail {

/// Where a value goes; the pointed-to type decides how text/TOML is read.
using target = std::variant<std::string*, bool*, std::uint16_t*, unsigned*, int*, std::size_t*,
                            duration*, std::vector<std::string>*, std::int64_t*>;

/// One `section.key` ("data_dir" at top level) of the config struct.
struct field {
  std::string_view section;  ///< "" for top-level keys
  std::string_view key;
  target (*bind)(config&);
  /// "section.key" or "key".
  std::string name() const;
};

/// One key of an [[accounts]] table.
struct account_field {
  std::string_view key;
  target (*bind)(domain::account&);
};

/// One key of a [[channels]] table.
struct channel_field {
  std::string_view key;
  target (*bind)(channel_entry&);
};

/// Every [[channels]] key, in the example file's order.
const std::vector<channel_field>& channel_fields();

/// Every config key, in the example file's order.
const std::vector<field>& config_fields();

/// Every [[accounts]] key, in the example file's order.
const std::vector<account_field>& account_fields();

/// The field named `section`.`key`, or nullptr.
const field* find_field(std::string_view section, std::string_view key);

/// Sets `to` from a TOML value; returns the problem (without the key) if the
/// value has the wrong type or range.
std::optional<std::string> assign_from_toml(const target& to, const toml::node& value);

/// Sets `to` from environment/flag text (booleans true/false/1/0/yes/no,
/// lists comma-separated, durations with units).
std::optional<std::string> assign_from_text(const target& to, std::string_view text);

/// "string", "integer", "table", ... for error messages.
std::string_view type_name(const toml::node& value);

}  // namespace mjgate::config::detail
