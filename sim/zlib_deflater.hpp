// One connection-long zlib deflate stream, as Discord's `compress=zlib-stream` gateway mode
// sends it: zlib header once, then every payload sync-flushed so it ends in 00 00 FF FF (§4.1).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace mjgate::sim {

/// Not thread-safe: one instance per connection, fed in send order.
class zlib_deflater {
 public:
  zlib_deflater();
  ~zlib_deflater();
  zlib_deflater(const zlib_deflater&) = delete;
  zlib_deflater& operator=(const zlib_deflater&) = delete;

  /// Deflates one payload onto the stream and returns its bytes, ending in 00 00 FF FF.
  std::string compress(std::string_view payload);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace mjgate::sim
