// Test helper: a sync-flushing zlib deflater, i.e. what the gateway server
// does for `compress=zlib-stream` (one stream per connection).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <zlib.h>

namespace mjgate::discord::test {

class sync_deflater {
 public:
  sync_deflater() {
    if (deflateInit(&zs_, Z_DEFAULT_COMPRESSION) != Z_OK) throw std::runtime_error{"deflateInit"};
  }
  ~sync_deflater() { deflateEnd(&zs_); }
  sync_deflater(const sync_deflater&) = delete;
  sync_deflater& operator=(const sync_deflater&) = delete;

  /// Compressed bytes of one payload, ending with 00 00 FF FF.
  std::string compress(std::string_view payload) {
    std::string out;
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(payload.data()));
    zs_.avail_in = static_cast<uInt>(payload.size());
    char chunk[16384];
    do {
      zs_.next_out = reinterpret_cast<Bytef*>(chunk);
      zs_.avail_out = sizeof chunk;
      if (deflate(&zs_, Z_SYNC_FLUSH) == Z_STREAM_ERROR) throw std::runtime_error{"deflate"};
      out.append(chunk, sizeof chunk - zs_.avail_out);
    } while (zs_.avail_out == 0);
    return out;
  }

 private:
  z_stream zs_{};
};

}  // namespace mjgate::discord::test
