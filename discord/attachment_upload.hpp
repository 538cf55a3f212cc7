// Discord's three-step attachment upload (discord-midjourney-protocol.md §2.2):
// announce the files, PUT their bytes to the slots, and optionally post them
// as a message so they get CDN URLs (imagine with reference images).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "discord/payloads.hpp"

namespace mjgate::discord {

class rest_client;

/// One file to upload.
struct upload_input {
  std::string filename;      ///< the name Discord shows, e.g. "<taskId>-0.png"
  std::string content_type;  ///< image/png …
  std::string bytes;
};

/// What an upload produced; `error` is "" on success.
struct upload_outcome {
  std::vector<uploaded_file> files;  ///< in input order (for /describe and /blend options)
  std::vector<std::string> urls;     ///< CDN URLs, only when the files were posted as a message
  std::string error;
};

/// Pure: the attachment URLs of a POST /channels/{C}/messages answer, in order.
std::vector<std::string> parse_message_attachment_urls(std::string_view body);

/// Uploads `files` to `channel_id`; when `post_as_message` is set, posts them
/// with `nonce` and reads their CDN URLs. `done` runs once, on the REST
/// client's io thread. The files upload one after the other (≤ 5, small).
void upload_attachments(std::shared_ptr<rest_client> rest, std::string channel_id,
                        std::vector<upload_input> files, bool post_as_message, std::string nonce,
                        std::function<void(upload_outcome)> done);

}  // namespace mjgate::discord
