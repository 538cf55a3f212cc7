// Copies a result image from Discord's CDN into the image directory: one
// bounded, timed GET through the shared discord::http_client, then an atomic
// write. No CAF: the image keeper actor (images/image_keeper.hpp) drives it.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace mjgate::discord {
class http_client;
}

namespace mjgate::images {

struct copy_settings {
  std::filesystem::path dir;                 ///< where <id>.<ext> files go
  std::size_t max_bytes = 32u << 20;         ///< larger downloads are refused
  std::chrono::milliseconds timeout{20000};  ///< whole download
  std::chrono::milliseconds connect_timeout{5000};
};

/// The outcome of one copy; `error` is empty on success.
struct copy_result {
  std::string error;
  std::filesystem::path path;
  std::string content_type;
  std::size_t size = 0;
};

class image_copier {
 public:
  /// `client` must outlive every copy in flight.
  image_copier(discord::http_client& client, copy_settings settings);

  /// Downloads `url` (http or https) and stores it for task `id`. `done` runs
  /// exactly once, on the client's io thread (the file write happens there
  /// too, never on an actor or HTTP server thread). Thread-safe.
  void copy(std::string id, std::string url, std::function<void(copy_result)> done) const;

  const copy_settings& settings() const { return settings_; }

 private:
  discord::http_client& client_;
  copy_settings settings_;
};

}  // namespace mjgate::images
