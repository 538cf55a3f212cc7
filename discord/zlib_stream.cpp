#include "discord/zlib_stream.hpp"

#include <zlib.h>

namespace mjgate::discord {

namespace {

constexpr std::string_view sync_flush_marker{"\x00\x00\xff\xff", 4};

}  // namespace

struct zlib_inflater::state {
  z_stream zs{};
  state() {
    if (inflateInit(&zs) != Z_OK) throw zlib_error{"zlib: inflateInit failed"};
  }
  ~state() { inflateEnd(&zs); }
};

zlib_inflater::zlib_inflater(std::size_t max_payload)
    : state_(std::make_unique<state>()), max_payload_(max_payload) {}

zlib_inflater::~zlib_inflater() = default;

void zlib_inflater::reset() {
  state_ = std::make_unique<state>();
  buffer_.clear();
}

bool zlib_inflater::feed(std::string_view frame, std::string& out) {
  if (buffer_.size() + frame.size() > max_payload_) {
    buffer_.clear();
    throw zlib_error{"zlib: compressed payload exceeds the limit"};
  }
  buffer_.append(frame);
  if (buffer_.size() < 4 ||
      std::string_view{buffer_}.substr(buffer_.size() - 4) != sync_flush_marker)
    return false;
  auto& zs = state_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(buffer_.data());
  zs.avail_in = static_cast<uInt>(buffer_.size());
  out.clear();
  char chunk[16384];
  // The output may be many times the input: loop until zlib stops filling the chunk.
  do {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    int rc = inflate(&zs, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      buffer_.clear();
      throw zlib_error{std::string{"zlib: inflate failed: "} + (zs.msg ? zs.msg : "corrupt data")};
    }
    out.append(chunk, sizeof chunk - zs.avail_out);
    if (out.size() > max_payload_) {
      buffer_.clear();
      throw zlib_error{"zlib: inflated payload exceeds the limit"};
    }
    if (rc == Z_BUF_ERROR && zs.avail_out != 0) break;
  } while (zs.avail_out == 0 || zs.avail_in != 0);
  buffer_.clear();
  return true;
}

}  // namespace mjgate::discord
