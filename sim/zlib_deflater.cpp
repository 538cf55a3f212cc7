#include "sim/zlib_deflater.hpp"

#include <zlib.h>

#include <stdexcept>

namespace mjgate::sim {

struct zlib_deflater::state {
  z_stream zs{};
};

zlib_deflater::zlib_deflater() : state_(std::make_unique<state>()) {
  if (deflateInit(&state_->zs, Z_DEFAULT_COMPRESSION) != Z_OK)
    throw std::runtime_error{"deflateInit failed"};
}

zlib_deflater::~zlib_deflater() {
  deflateEnd(&state_->zs);
}

std::string zlib_deflater::compress(std::string_view payload) {
  auto& zs = state_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(payload.data()));
  zs.avail_in = static_cast<uInt>(payload.size());
  std::string out;
  char chunk[16384];
  do {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    int rc = deflate(&zs, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error{"deflate failed"};
    out.append(chunk, sizeof chunk - zs.avail_out);
  } while (zs.avail_out == 0);
  return out;
}

}  // namespace mjgate::sim
