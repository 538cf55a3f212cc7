#include "http/dialects/mj/submit_modal.hpp"

#include "http/dialects/mj/data_url.hpp"
#include "http/dialects/mj/submit_fields.hpp"

namespace mjgate::http::mj {

modal_parse_result parse_submit_modal(std::string_view body, const actors::principal& who) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<nlohmann::json>(doc);
  modal_request req;
  req.who = who;
  if (auto r = read_task_id(obj, req.task_id)) return std::move(*r);
  if (auto r = read_prompt(obj, false, req.prompt)) return std::move(*r);
  std::string mask;
  if (!read_optional_string(obj, "maskBase64", mask))
    return invalid_field("maskBase64必须是字符串");
  if (mask.empty()) return req;
  auto image = parse_data_url(mask);
  if (auto* e = std::get_if<image_error>(&image))
    return invalid_field("maskBase64错误：" + std::string{describe(*e)});
  const auto& data = std::get<image_data>(image);
  if (data.mime != "image/png") return invalid_field("maskBase64必须是PNG图片");
  // Re-encoding drops the header and any whitespace: exactly what Discord takes.
  req.mask_base64 = base64_encode(data.bytes);
  return req;
}

}  // namespace mjgate::http::mj
