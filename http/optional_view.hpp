// RESTinio's optional string views (header and query values) as
// std::optional<std::string_view>. Header-only, no RESTinio include needed.
#pragma once

#include <optional>
#include <string_view>

namespace mjgate::http {

/// `o` (any optional of a data()/size() view, e.g. RESTinio's
/// opt_value_of) as a standard optional view into the same storage.
template <class Opt>
std::optional<std::string_view> to_std(const Opt& o) {
  if (!o) return std::nullopt;
  return std::string_view{o->data(), o->size()};
}

}  // namespace mjgate::http
