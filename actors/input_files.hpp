// The images a client sent with a submit, kept on disk from before the
// acknowledgement until the task ends, so a restart can still run a queued
// describe/blend/imagine-with-images or Vary Region. Plain C++ (std::filesystem).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "actors/messages.hpp"

namespace mjgate::actors {

class input_files {
 public:
  /// `dir` is created on the first save; an empty dir disables keeping files.
  explicit input_files(std::filesystem::path dir) : dir_(std::move(dir)) {}

  /// Writes the task's files (each through a temporary name, then renamed);
  /// "" on success, else the reason.
  std::string save(const std::string& task_id, const std::vector<upload_file>& files,
                   const std::string& mask_base64 = {}) const;
  /// The task's files in their saved order; empty when none were kept.
  std::vector<upload_file> load(const std::string& task_id) const;
  /// The saved Vary Region mask; "" when none.
  std::string load_mask(const std::string& task_id) const;
  /// Forgets the task's files (no-op when there are none).
  void remove(const std::string& task_id) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace mjgate::actors
