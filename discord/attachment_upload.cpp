#include "discord/attachment_upload.hpp"

#include <nlohmann/json.hpp>

#include "discord/rest_client.hpp"

namespace mjgate::discord {

std::vector<std::string> parse_message_attachment_urls(std::string_view body) {
  std::vector<std::string> urls;
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) return urls;
  auto it = doc.find("attachments");
  if (it == doc.end() || !it->is_array()) return urls;
  for (const auto& a : *it)
    if (a.is_object() && a.contains("url") && a["url"].is_string())
      urls.push_back(a["url"].get<std::string>());
  return urls;
}

namespace {

// The state of one upload, kept alive by the callbacks that continue it.
struct upload_run : std::enable_shared_from_this<upload_run> {
  std::shared_ptr<rest_client> rest;
  std::string channel_id;
  std::vector<upload_input> inputs;
  bool post_as_message = false;
  std::string nonce;
  std::function<void(upload_outcome)> done;
  std::vector<upload_slot> slots;
  upload_outcome outcome;

  void fail(std::string why) {
    outcome.error = std::move(why);
    done(std::move(outcome));
  }

  void announce() {
    std::vector<file_announcement> files;
    for (const auto& f : inputs) files.push_back({f.filename, f.bytes.size()});
    rest->create_attachment_slots(channel_id, files, [self = shared_from_this()](rest_result r) {
      if (r.failure != rest_failure::none) return self->fail("attachment slots: " + r.error);
      self->slots = parse_upload_slots(r.body);
      if (self->slots.size() != self->inputs.size())
        return self->fail("attachment slots: Discord answered " +
                          std::to_string(self->slots.size()) + " slot(s) for " +
                          std::to_string(self->inputs.size()) + " file(s)");
      self->put(0);
    });
  }

  void put(std::size_t i) {
    if (i == inputs.size()) return post_as_message ? post() : done(std::move(outcome));
    auto& in = inputs[i];
    rest->upload_bytes(
        slots[i].upload_url, in.content_type, std::move(in.bytes),
        [self = shared_from_this(), i](rest_result r) {
          if (r.failure != rest_failure::none) return self->fail("attachment upload: " + r.error);
          self->outcome.files.push_back({self->inputs[i].filename, self->slots[i].upload_filename});
          self->put(i + 1);
        });
  }

  void post() {
    rest->post_message(channel_id, build_message_with_attachments(channel_id, nonce, outcome.files),
                       [self = shared_from_this()](rest_result r) {
                         if (r.failure != rest_failure::none)
                           return self->fail("message with attachments: " + r.error);
                         self->outcome.urls = parse_message_attachment_urls(r.body);
                         if (self->outcome.urls.size() != self->outcome.files.size())
                           return self->fail("message with attachments: no CDN URL in the answer");
                         self->done(std::move(self->outcome));
                       });
  }
};

}  // namespace

void upload_attachments(std::shared_ptr<rest_client> rest, std::string channel_id,
                        std::vector<upload_input> files, bool post_as_message, std::string nonce,
                        std::function<void(upload_outcome)> done) {
  auto run = std::make_shared<upload_run>();
  run->rest = std::move(rest);
  run->channel_id = std::move(channel_id);
  run->inputs = std::move(files);
  run->post_as_message = post_as_message;
  run->nonce = std::move(nonce);
  run->done = std::move(done);
  if (run->inputs.empty()) return run->done({});
  run->announce();
}

}  // namespace mjgate::discord
