#include "images/image_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace mjgate::images {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> known_types{{
    {"image/png", "png"},
    {"image/jpeg", "jpg"},
    {"image/webp", "webp"},
    {"image/gif", "gif"},
}};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "Image/PNG; charset=x" → "image/png".
std::string media_type(std::string_view header) {
  auto end = header.find(';');
  auto type = header.substr(0, end);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front())))
    type.remove_prefix(1);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())))
    type.remove_suffix(1);
  std::string out{type};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_valid_image_id(std::string_view id) {
  return !id.empty() && id.size() <= 32 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_valid_upload_name(std::string_view name) {
  return !upload_content_type(name).empty();
}

std::string_view upload_content_type(std::string_view name) {
  auto dot = name.find('.');
  if (dot != upload_id_length) return {};
  auto id = name.substr(0, dot);
  bool alnum = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  return alnum ? content_type_for(name.substr(dot + 1)) : std::string_view{};
}

std::string_view extension_for(std::string_view content_type) {
  for (const auto& [type, ext] : known_types)
    if (type == content_type) return ext;
  return {};
}

std::string_view content_type_for(std::string_view extension) {
  for (const auto& [type, ext] : known_types)
    if (ext == extension) return type;
  return {};
}

std::string image_file_name(std::string_view id, std::string_view content_type) {
  auto ext = extension_for(content_type);
  if (!is_valid_image_id(id) || ext.empty()) return {};
  return std::string{id} + "." + std::string{ext};
}

std::string_view sniff_image_type(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n"sv)) return "image/png";
  if (starts_with(bytes, "\xff\xd8\xff"sv)) return "image/jpeg";
  if (starts_with(bytes, "GIF87a"sv) || starts_with(bytes, "GIF89a"sv)) return "image/gif";
  if (bytes.size() >= 12 && starts_with(bytes, "RIFF"sv) && bytes.substr(8, 4) == "WEBP"sv)
    return "image/webp";
  return {};
}

std::optional<std::string> choose_content_type(std::string_view content_type_header,
                                               std::string_view bytes) {
  if (auto sniffed = sniff_image_type(bytes); !sniffed.empty()) return std::string{sniffed};
  auto declared = media_type(content_type_header);
  if (!extension_for(declared).empty()) return declared;
  return std::nullopt;
}

}  // namespace mjgate::images
