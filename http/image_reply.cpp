#include "http/image_reply.hpp"

#include "http/file_reply.hpp"
#include "images/image_store.hpp"

namespace mjgate::http {

namespace {

reply image_not_found() {
  return reply{404, R"({"error":"midjourney_task_not_found"})", {}};
}

}  // namespace

reply image_reply(const std::filesystem::path& dir, std::string_view id,
                  std::optional<std::string_view> if_none_match,
                  std::optional<std::string_view> range) {
  auto found = images::find_image(dir, id);
  if (!found) return image_not_found();
  // Only final images are kept, and a kept file never changes: cacheable.
  return file_reply(*found, "public, max-age=86400", if_none_match, range, image_not_found());
}

}  // namespace mjgate::http
