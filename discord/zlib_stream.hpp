// Inflater for the gateway's `zlib-stream` transport compression
// (discord-midjourney-protocol.md §4.1): one zlib stream per connection,
// each payload ending with the sync-flush marker 00 00 FF FF.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mjgate::discord {

/// Thrown by zlib_inflater::feed on corrupt input or an oversized payload;
/// the connection must be dropped (and a new inflater made for the next one).
struct zlib_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One inflate context for one gateway connection. Not thread-safe; used on
/// the connection's io strand only.
class zlib_inflater {
 public:
  /// `max_payload` caps both the buffered compressed input and one inflated payload.
  explicit zlib_inflater(std::size_t max_payload = 16u << 20);
  ~zlib_inflater();
  zlib_inflater(const zlib_inflater&) = delete;
  zlib_inflater& operator=(const zlib_inflater&) = delete;

  /// Appends one WebSocket frame. Returns true and sets `out` to exactly one
  /// JSON payload when the buffered input ends with 00 00 FF FF; false while
  /// more frames are needed. Throws zlib_error on corruption or overflow.
  bool feed(std::string_view frame, std::string& out);

  /// Forgets all state: a fresh stream (use on reconnect).
  void reset();

 private:
  struct state;
  std::unique_ptr<state> state_;
  std::string buffer_;
  std::size_t max_payload_;
};

}  // namespace mjgate::discord
