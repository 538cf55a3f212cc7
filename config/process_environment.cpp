#include "config/load.hpp"

extern char** environ;  // POSIX; declared by no standard header

namespace mjgate::config {

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text{*entry};
    if (text.rfind("MJGATE_", 0) != 0) continue;
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string{text.substr(0, eq)}, std::string{text.substr(eq + 1)});
  }
  return out;
}

}  // namespace mjgate::config
