// Test helper: a config file written to a private temporary directory and
// removed when the test ends.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace mjgate::config::testing {

class temp_file {
 public:
  explicit temp_file(std::string_view text) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("mjgate_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
             ".toml");
    std::ofstream out{path_, std::ios::binary | std::ios::trunc};
    out << text;
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  /// The file's path as a string, for command_line::config_file.
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace mjgate::config::testing
