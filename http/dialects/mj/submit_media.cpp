#include "http/dialects/mj/submit_media.hpp"

#include "domain/text.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;

template <class T>
using result = std::variant<T, reply>;

// The body object and the fields every media submit shares, or the rejection.
result<json> open_body(std::string_view body, submit_common& common) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  auto& obj = std::get<json>(doc);
  if (auto r = read_submit_common(obj, common)) return std::move(*r);
  return std::move(obj);
}

reply image_rejected(std::string_view field, image_error e) {
  return invalid_field(std::string{field} + "错误：" + std::string{describe(e)});
}

result<image_link> link_of(std::string_view field, std::string_view text) {
  if (!is_http_url(text)) return invalid_field(std::string{field} + "必须是http或https地址");
  if (text.size() > max_image_link_chars) return invalid_field(std::string{field} + "过长");
  return image_link{std::string{text}};
}

// One image given as a string: a URL (when `allow_link`; only http(s) pass),
// a data URL or raw base64.
result<image_source> image_of(std::string_view field, const json& v, bool allow_link) {
  if (!v.is_string()) return invalid_field(std::string{field} + "必须是字符串");
  auto text = domain::trim(v.get_ref<const std::string&>());
  if (allow_link && text.find("://") != std::string_view::npos) {
    auto link = link_of(field, text);
    if (auto* r = std::get_if<reply>(&link)) return std::move(*r);
    return std::get<image_link>(std::move(link));
  }
  auto data = parse_data_url(text);
  if (auto* e = std::get_if<image_error>(&data)) return image_rejected(field, *e);
  return std::get<image_data>(std::move(data));
}

// The optional image `key`: absent, null or "" leave `out` empty.
std::optional<reply> read_optional_image(const json& obj, const char* key,
                                         std::optional<image_source>& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null() ||
      (it->is_string() && it->get_ref<const std::string&>().empty()))
    return std::nullopt;
  auto image = image_of(key, *it, true);
  if (auto* r = std::get_if<reply>(&image)) return std::move(*r);
  out = std::get<image_source>(std::move(image));
  return std::nullopt;
}

// `base64Array` with between `min` and `max` inline images.
result<std::vector<image_data>> read_image_array(const json& obj, std::size_t min,
                                                 std::size_t max) {
  auto count_error =
      "base64Array需要" + std::to_string(min) + "到" + std::to_string(max) + "张图片";
  auto it = obj.find("base64Array");
  if (it == obj.end() || it->is_null()) return invalid_field(count_error);
  if (!it->is_array()) return invalid_field("base64Array必须是数组");
  if (it->size() < min || it->size() > max) return invalid_field(count_error);
  std::vector<image_data> images;
  images.reserve(it->size());
  for (const auto& v : *it) {
    auto image = image_of("base64Array", v, false);
    if (auto* r = std::get_if<reply>(&image)) return std::move(*r);
    images.push_back(std::get<image_data>(std::get<image_source>(std::move(image))));
  }
  return images;
}

}  // namespace

std::variant<std::vector<image_data>, reply> parse_reference_images(const json& body) {
  std::vector<image_data> images;
  if (auto it = body.find("base64Array"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) return invalid_field("base64Array必须是数组");
    if (it->size() > max_upload_images) return invalid_field("base64Array最多5张图片");
    if (!it->empty()) {
      auto read = read_image_array(body, 1, max_upload_images);
      if (auto* r = std::get_if<reply>(&read)) return std::move(*r);
      images = std::get<std::vector<image_data>>(std::move(read));
    }
  }
  std::optional<image_source> single;
  if (auto it = body.find("base64"); it != body.end() && !it->is_null() && !it->is_string())
    return invalid_field("base64必须是字符串");
  if (auto rejected = read_optional_image(body, "base64", single)) return std::move(*rejected);
  if (single) {
    if (std::holds_alternative<image_link>(*single)) return invalid_field("base64不能是链接");
    images.push_back(std::get<image_data>(std::move(*single)));
  }
  if (images.size() > max_upload_images) return invalid_field("base64Array最多5张图片");
  return images;
}

std::string video_prompt(const video_request& r) {
  std::string out = r.prompt;
  if (!out.empty()) out += ' ';
  out += "--video 1";
  if (r.loop) out += " --end loop";
  if (r.end_image)
    if (const auto* link = std::get_if<image_link>(&*r.end_image)) out += " --end " + link->url;
  out += r.motion == video_motion::high ? " --motion high" : " --motion low";
  out += " --bs " + std::to_string(r.batch_size);
  return out;
}

std::string_view to_string(blend_dimensions d) {
  switch (d) {
    case blend_dimensions::portrait:
      return "PORTRAIT";
    case blend_dimensions::square:
      return "SQUARE";
    case blend_dimensions::landscape:
      return "LANDSCAPE";
  }
  return "SQUARE";
}

std::variant<describe_request, reply> parse_submit_describe(std::string_view body,
                                                            const actors::principal& who) {
  describe_request req;
  req.who = who;
  auto doc = open_body(body, req.common);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  std::string base64;
  std::string link;
  if (!read_optional_string(obj, "base64", base64)) return invalid_field("base64必须是字符串");
  if (!read_optional_string(obj, "link", link)) return invalid_field("link必须是字符串");
  base64 = std::string{domain::trim(base64)};
  link = std::string{domain::trim(link)};
  if (base64.empty() == link.empty()) {
    return invalid_field(base64.empty() ? "base64或link不能为空" : "base64和link只能提供一个");
  }
  if (!link.empty()) {
    auto parsed = link_of("link", link);
    if (auto* r = std::get_if<reply>(&parsed)) return std::move(*r);
    req.image = std::get<image_link>(std::move(parsed));
  } else {
    auto parsed = parse_data_url(base64);
    if (auto* e = std::get_if<image_error>(&parsed)) return image_rejected("base64", *e);
    req.image = std::get<image_data>(std::move(parsed));
  }
  std::string language;
  if (!read_optional_string(obj, "language", language)) return invalid_field("language参数错误");
  req.language = domain::to_lower(domain::trim(language));
  if (req.language.size() > 16) return invalid_field("language参数错误");
  return req;
}

std::variant<blend_request, reply> parse_submit_blend(std::string_view body,
                                                      const actors::principal& who) {
  blend_request req;
  req.who = who;
  auto doc = open_body(body, req.common);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  auto images = read_image_array(obj, min_blend_images, max_blend_images);
  if (auto* r = std::get_if<reply>(&images)) return std::move(*r);
  req.images = std::get<std::vector<image_data>>(std::move(images));
  std::string dimensions;
  if (!read_optional_string(obj, "dimensions", dimensions))
    return invalid_field("dimensions参数错误");
  auto lower = domain::to_lower(domain::trim(dimensions));
  if (lower == "portrait") {
    req.dimensions = blend_dimensions::portrait;
  } else if (lower == "landscape") {
    req.dimensions = blend_dimensions::landscape;
  } else if (!lower.empty() && lower != "square") {
    return invalid_field("dimensions参数错误");
  }
  return req;
}

std::variant<shorten_request, reply> parse_submit_shorten(std::string_view body,
                                                          const actors::principal& who) {
  shorten_request req;
  req.who = who;
  auto doc = open_body(body, req.common);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  if (auto r = read_prompt(std::get<json>(doc), true, req.prompt)) return std::move(*r);
  return req;
}

std::variant<video_request, reply> parse_submit_video(std::string_view body,
                                                      const actors::principal& who) {
  video_request req;
  req.who = who;
  auto doc = open_body(body, req.common);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  if (auto r = read_optional_image(obj, "image", req.image)) return std::move(*r);
  if (!req.image)
    if (auto r = read_optional_image(obj, "base64", req.image)) return std::move(*r);
  auto task_id = obj.find("taskId");
  bool has_parent =
      task_id != obj.end() && !task_id->is_null() &&
      !(task_id->is_string() && domain::trim(task_id->get_ref<const std::string&>()).empty());
  if (has_parent == req.image.has_value())
    return invalid_field(has_parent ? "image和taskId只能提供一个" : "image或taskId不能为空");
  if (has_parent) {
    if (auto r = read_task_id(obj, req.parent_id)) return std::move(*r);
    std::optional<std::int64_t> index;
    if (!read_optional_int(obj, "index", index) || (index && (*index < 0 || *index > 3)))
      return invalid_field("index参数错误");
    req.index = static_cast<int>(index.value_or(0));
  }
  std::string action;
  if (!read_optional_string(obj, "action", action)) return invalid_field("action参数错误");
  action = domain::to_lower(domain::trim(action));
  if (action == "extend") {
    if (!has_parent) return invalid_field("extend需要taskId");
    req.extend = true;
  } else if (!action.empty()) {
    return invalid_field("action参数错误");
  }
  if (auto r = read_prompt(obj, false, req.prompt)) return std::move(*r);
  std::string motion;
  if (!read_optional_string(obj, "motion", motion)) return invalid_field("motion参数错误");
  motion = domain::to_lower(domain::trim(motion));
  if (motion == "high") {
    req.motion = video_motion::high;
  } else if (!motion.empty() && motion != "low") {
    return invalid_field("motion参数错误");
  }
  if (auto r = read_optional_image(obj, "endImage", req.end_image)) return std::move(*r);
  if (!read_optional_bool(obj, "loop", req.loop)) return invalid_field("loop必须是布尔值");
  if (req.loop && req.end_image) return invalid_field("endImage和loop不能同时使用");
  std::optional<std::int64_t> batch;
  if (!read_optional_int(obj, "batchSize", batch) ||
      (batch && *batch != 1 && *batch != 2 && *batch != 4))
    return invalid_field("batchSize只能是1、2或4");
  req.batch_size = static_cast<int>(batch.value_or(4));
  if (!read_optional_string(obj, "videoType", req.video_type) || req.video_type.size() > 32)
    return invalid_field("videoType参数错误");
  return req;
}

std::variant<upload_request, reply> parse_submit_upload(std::string_view body,
                                                        const actors::principal& who) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  upload_request req;
  req.who = who;
  auto images = read_image_array(std::get<json>(doc), 1, max_upload_images);
  if (auto* r = std::get_if<reply>(&images)) return std::move(*r);
  req.images = std::get<std::vector<image_data>>(std::move(images));
  return req;
}

}  // namespace mjgate::http::mj
