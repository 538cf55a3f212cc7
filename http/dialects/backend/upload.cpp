#include "http/dialects/backend/upload.hpp"

#include <sodium.h>

#include <array>

#include "http/dialects/backend/envelope.hpp"
#include "http/file_reply.hpp"
#include "http/form_data.hpp"
#include "images/image_file.hpp"
#include "images/image_store.hpp"

namespace mjgate::http::backend {

namespace {

reply invalid(std::string_view msg) {
  return error_reply(code::invalid_request, msg);
}

reply file_not_found() {
  return reply{404, R"({"error":"file_not_found"})", {}};
}

}  // namespace

std::variant<upload, reply> parse_upload(std::optional<std::string_view> content_type,
                                         std::string_view body, std::size_t max_bytes) {
  auto parts = content_type ? parse_form_data(*content_type, body) : std::nullopt;
  if (!parts) return invalid("请使用multipart/form-data上传文件");
  std::optional<std::string_view> file;
  for (const auto& part : *parts)
    if (part.name == "file") {
      file = part.body;
      break;
    }
  if (!file) return invalid("缺少上传文件(file)");
  if (file->size() > max_bytes) return invalid("文件不能超过10MiB");
  auto type = images::sniff_image_type(*file);
  if (type.empty()) return invalid("只支持PNG、JPEG、WebP和GIF图片");
  return upload{std::string{*file}, std::string{type}};
}

std::string new_upload_name(std::string_view content_type) {
  [[maybe_unused]] static const int init = sodium_init();  // once; idempotent
  static constexpr std::string_view alphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string name;
  name.reserve(images::upload_id_length + 5);
  for (std::size_t i = 0; i < images::upload_id_length; ++i)
    name += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  name += '.';
  name += images::extension_for(content_type);
  return name;
}

reply upload_reply(std::string_view name, std::string_view public_base) {
  std::string uri = "/files/" + std::string{name};
  while (public_base.ends_with('/')) public_base.remove_suffix(1);
  nlohmann::ordered_json payload;
  payload["uri"] = uri;
  payload["full_uri"] = std::string{public_base} + uri;
  return ok_reply("", payload);
}

reply uploaded_file_reply(const std::filesystem::path& dir, std::string_view name,
                          std::optional<std::string_view> if_none_match,
                          std::optional<std::string_view> range) {
  auto type = images::upload_content_type(name);
  if (type.empty()) return file_not_found();
  auto found = images::find_file(dir, name, type);
  if (!found) return file_not_found();
  // A name is never reused and a file never rewritten: cache it forever.
  return file_reply(*found, "public, max-age=31536000, immutable", if_none_match, range,
                    file_not_found());
}

}  // namespace mjgate::http::backend
