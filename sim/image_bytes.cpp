#include "sim/image_bytes.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace mjgate::sim {

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 24) & 0xFF));
  out.push_back(static_cast<char>((v >> 16) & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

void put_chunk(std::string& out, std::string_view type, const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string typed{type};
  typed += data;
  out += typed;
  auto crc =
      crc32(0L, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

// FNV-1a, only to spread the hash text into colour bytes.
std::uint64_t fnv1a(std::string_view text, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// Little-endian bit writer for the VP8L bitstream.
struct bit_writer {
  std::string bytes;
  int used = 0;
  void put(std::uint32_t value, int bits) {
    for (int i = 0; i < bits; ++i) {
      if (used == 0) bytes.push_back(0);
      if ((value >> i) & 1U) bytes.back() = static_cast<char>(bytes.back() | (1 << used));
      used = (used + 1) % 8;
    }
  }
};

std::string build_webp() {
  // VP8L: signature, 14-bit width-1, 14-bit height-1, alpha hint, 3-bit version (all zero).
  std::string vp8l{"\x2f\x00\x00\x00\x00", 5};
  bit_writer bw;
  bw.put(0, 1);  // no transform
  bw.put(0, 1);  // no colour cache
  bw.put(0, 1);  // no meta prefix codes
  // Five "simple" prefix codes with one 8-bit symbol each: green, red, blue, alpha, distance.
  const std::array<std::uint32_t, 5> symbols{0x80, 0x40, 0xC0, 0xFF, 0x00};
  for (auto s : symbols) {
    bw.put(1, 1);  // simple code
    bw.put(0, 1);  // one symbol
    bw.put(1, 1);  // 8-bit symbol
    bw.put(s, 8);
  }
  // The single pixel then costs zero bits: every code has exactly one symbol.
  vp8l += bw.bytes;
  std::string chunk = "VP8L";
  chunk.push_back(static_cast<char>(vp8l.size() & 0xFF));
  chunk.push_back(static_cast<char>((vp8l.size() >> 8) & 0xFF));
  chunk.push_back(static_cast<char>((vp8l.size() >> 16) & 0xFF));
  chunk.push_back(static_cast<char>((vp8l.size() >> 24) & 0xFF));
  chunk += vp8l;
  if (vp8l.size() % 2 == 1) chunk.push_back('\0');  // RIFF chunks are padded to even size
  std::uint32_t riff_size = static_cast<std::uint32_t>(4 + chunk.size());
  std::string out = "RIFF";
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((riff_size >> (8 * i)) & 0xFF));
  out += "WEBP";
  out += chunk;
  return out;
}

}  // namespace

std::string make_grid_png(std::string_view hash, int size) {
  if (size <= 0 || size > 4096) throw std::invalid_argument{"make_grid_png: bad size"};
  std::array<std::array<unsigned char, 3>, 4> colours{};
  for (int q = 0; q < 4; ++q) {
    auto h = fnv1a(hash, 14695981039346656037ULL + static_cast<std::uint64_t>(q) * 7919);
    for (int c = 0; c < 3; ++c) colours[q][c] = static_cast<unsigned char>(h >> (8 * c));
  }
  const auto n = static_cast<std::size_t>(size);
  const std::size_t row_bytes = 1 + 3 * n;
  std::vector<unsigned char> raw(row_bytes * n);
  for (std::size_t y = 0; y < n; ++y) {
    unsigned char* row = raw.data() + y * row_bytes;
    row[0] = 0;  // filter: none
    for (std::size_t x = 0; x < n; ++x) {
      std::size_t q = (y < n / 2 ? 0 : 2) + (x < n / 2 ? 0 : 1);
      std::copy(colours[q].begin(), colours[q].end(), row + 1 + 3 * x);
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, raw.data(),
                static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw std::runtime_error{"make_grid_png: deflate failed"};
  packed.resize(packed_size);

  std::string png{"\x89PNG\r\n\x1a\n", 8};
  std::string ihdr;
  put_u32(ihdr, static_cast<std::uint32_t>(size));
  put_u32(ihdr, static_cast<std::uint32_t>(size));
  ihdr += std::string{"\x08\x02\x00\x00\x00", 5};  // 8-bit, RGB, deflate, no filter, no interlace
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", {});
  return png;
}

std::string make_video_mp4(std::string_view hash) {
  std::string out;
  std::string ftyp = "isom";
  put_u32(ftyp, 0x200);
  ftyp += "isomiso2mp41";
  put_u32(out, static_cast<std::uint32_t>(8 + ftyp.size()));
  out += "ftyp" + ftyp;
  put_u32(out, static_cast<std::uint32_t>(8 + hash.size()));
  out += "free";
  out += hash;
  return out;
}

const std::string& tiny_webp() {
  static const std::string bytes = build_webp();
  return bytes;
}

}  // namespace mjgate::sim
