#include "images/image_copier.hpp"

#include "discord/http_client.hpp"
#include "images/image_file.hpp"
#include "images/image_store.hpp"

namespace mjgate::images {

image_copier::image_copier(discord::http_client& client, copy_settings settings)
    : client_(client), settings_(std::move(settings)) {}

void image_copier::copy(std::string id, std::string url,
                        std::function<void(copy_result)> done) const {
  if (!is_valid_image_id(id)) return done(copy_result{"invalid task id '" + id + "'", {}, {}, 0});
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return done(copy_result{"not an http(s) url: " + url, {}, {}, 0});
  discord::http_request req;
  req.url = std::move(url);
  req.timeout = settings_.timeout;
  req.connect_timeout = settings_.connect_timeout;
  req.headers.emplace_back("Accept", "image/*");
  client_.send(std::move(req), [id = std::move(id), s = settings_,
                                done = std::move(done)](discord::http_response res) {
    copy_result out;
    if (res.status == 0) {
      out.error = "download failed: " + res.error;
    } else if (res.status != 200) {
      out.error = "download answered HTTP " + std::to_string(res.status);
    } else if (res.body.empty()) {
      out.error = "download is empty";
    } else if (res.body.size() > s.max_bytes) {
      out.error = "download is " + std::to_string(res.body.size()) + " bytes, more than " +
                  std::to_string(s.max_bytes);
    } else if (auto type = choose_content_type(res.header("Content-Type"), res.body); !type) {
      out.error = "download is not a PNG, JPEG, WebP or GIF image";
    } else if (auto path = write_image(s.dir, id, *type, res.body, out.error)) {
      out.path = std::move(*path);
      out.content_type = std::move(*type);
      out.size = res.body.size();
    }
    done(std::move(out));
  });
}

}  // namespace mjgate::images
