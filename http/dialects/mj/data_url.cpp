#include "http/dialects/mj/data_url.hpp"

#include <array>
#include <cstdint>

#include "domain/text.hpp"

namespace mjgate::http::mj {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}

constexpr auto decode_table = make_decode_table();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && domain::to_lower(s.substr(0, prefix.size())) == prefix;
}

// The declared type of a data URL, normalised; "" when not allowed.
std::string_view allowed_mime(std::string_view declared) {
  auto lower = domain::to_lower(domain::trim(declared));
  if (lower == "image/png") return "image/png";
  if (lower == "image/jpeg" || lower == "image/jpg") return "image/jpeg";
  if (lower == "image/webp") return "image/webp";
  if (lower == "image/gif") return "image/gif";
  return {};
}

}  // namespace

std::string_view describe(image_error e) {
  switch (e) {
    case image_error::bad_format:
      return "图片格式错误，应为data:image/<类型>;base64,<数据>";
    case image_error::bad_base64:
      return "图片base64编码错误";
    case image_error::unsupported_mime:
      return "图片类型不支持，仅支持png、jpeg、webp、gif";
    case image_error::not_an_image:
      return "图片内容不是png、jpeg、webp或gif";
    case image_error::empty:
      return "图片为空";
    case image_error::too_large:
      return "图片过大，最大10MB";
  }
  return "图片错误";
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t quantum = 0;  // characters of the current 4-character group
  std::size_t padding = 0;
  for (char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return std::nullopt;  // data after padding
    auto v = decode_table[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    quantum = (quantum + 1) % 4;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (quantum == 1) return std::nullopt;  // 6 bits cannot form a byte
  if (padding > 0 && (quantum == 0 || quantum + padding != 4)) return std::nullopt;
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    auto n = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(n >> shift) & 0x3F]);
  }
  if (auto rest = bytes.size() - i; rest > 0) {
    auto n = at(i) << 16;
    if (rest == 2) n |= at(i + 1) << 8;
    out.push_back(alphabet[(n >> 18) & 0x3F]);
    out.push_back(alphabet[(n >> 12) & 0x3F]);
    out.push_back(rest == 2 ? alphabet[(n >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

std::string_view sniff_image_mime(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (bytes.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return "image/gif";
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP")
    return "image/webp";
  return {};
}

std::variant<image_data, image_error> parse_data_url(std::string_view text, std::size_t max_bytes) {
  text = domain::trim(text);
  std::string_view payload = text;
  if (starts_with_ci(text, "data:")) {
    auto comma = text.find(',');
    if (comma == std::string_view::npos) return image_error::bad_format;
    auto header = text.substr(5, comma - 5);
    auto semi = header.rfind(';');
    if (semi == std::string_view::npos || domain::to_lower(header.substr(semi + 1)) != "base64")
      return image_error::bad_format;
    if (allowed_mime(header.substr(0, header.find(';'))).empty())
      return image_error::unsupported_mime;
    payload = text.substr(comma + 1);
  }
  // Whitespace may at most double the text; anything longer cannot fit the bound.
  if (payload.size() / 2 > (max_bytes / 3 + 1) * 4) return image_error::too_large;
  auto bytes = base64_decode(payload);
  if (!bytes) return image_error::bad_base64;
  if (bytes->empty()) return image_error::empty;
  if (bytes->size() > max_bytes) return image_error::too_large;
  auto mime = sniff_image_mime(*bytes);
  if (mime.empty()) return image_error::not_an_image;
  return image_data{std::string{mime}, std::move(*bytes)};
}

}  // namespace mjgate::http::mj
