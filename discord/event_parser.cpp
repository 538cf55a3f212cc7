#include "discord/event_parser.hpp"

#include <array>
#include <utility>

namespace mjgate::discord {

namespace {

using json = nlohmann::json;

constexpr std::array<std::pair<std::string_view, event_kind>, 8> kinds{{
    {"INTERACTION_CREATE", event_kind::interaction_create},
    {"INTERACTION_SUCCESS", event_kind::interaction_success},
    {"INTERACTION_FAILURE", event_kind::interaction_failure},
    {"INTERACTION_MODAL_CREATE", event_kind::interaction_modal_create},
    {"INTERACTION_IFRAME_MODAL_CREATE", event_kind::interaction_iframe_modal_create},
    {"MESSAGE_CREATE", event_kind::message_create},
    {"MESSAGE_UPDATE", event_kind::message_update},
    {"MESSAGE_DELETE", event_kind::message_delete},
}};

std::optional<event_kind> kind_of(std::string_view t) {
  for (const auto& [name, kind] : kinds)
    if (name == t) return kind;
  return std::nullopt;
}

// Discord sends ids as strings, nonces as strings or numbers; accept both.
std::string str(const json& obj, std::string_view key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  return {};
}

std::int64_t num(const json& obj, std::string_view key) {
  if (!obj.is_object()) return 0;
  auto it = obj.find(key);
  return it != obj.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

const json& member(const json& obj, std::string_view key) {
  static const json null_value;
  if (!obj.is_object()) return null_value;
  auto it = obj.find(key);
  return it == obj.end() ? null_value : *it;
}

void add_select(const json& c, const std::string& custom_id, gateway_event& ev) {
  const auto& options = member(c, "options");
  if (!options.is_array()) return;
  select_menu menu;
  menu.custom_id = custom_id;
  for (const auto& o : options) {
    const auto& is_default = member(o, "default");
    menu.options.push_back(
        {str(o, "label"), str(o, "value"), is_default.is_boolean() && is_default.get<bool>()});
  }
  ev.selects.push_back(std::move(menu));
}

void add_component(const json& c, gateway_event& ev) {
  if (!c.is_object()) return;
  auto custom_id = str(c, "custom_id");
  if (custom_id.empty()) {
    if (auto url = str(c, "url"); !url.empty()) ev.link_urls.push_back(std::move(url));
    return;
  }
  // Text input (type 4) of a modal: the field a type 5 submit must echo.
  if (num(c, "type") == 4 && ev.field_custom_id.empty()) {
    ev.field_custom_id = custom_id;
    ev.field_value = str(c, "value");
  }
  if (num(c, "type") == 3) add_select(c, custom_id, ev);
  domain::button b;
  b.custom_id = std::move(custom_id);
  b.emoji = str(member(c, "emoji"), "name");
  b.label = str(c, "label");
  b.type = static_cast<int>(num(c, "type"));
  b.style = static_cast<int>(num(c, "style"));
  ev.buttons.push_back(std::move(b));
}

void read_components(const json& components, gateway_event& ev) {
  if (!components.is_array()) return;
  for (const auto& item : components) {
    const auto& children = member(item, "components");
    if (children.is_array())
      for (const auto& child : children) add_component(child, ev);
    else
      add_component(item, ev);
  }
}

void read_message(const json& d, gateway_event& ev) {
  ev.channel_id = str(d, "channel_id");
  const auto& author = member(d, "author");
  ev.author_id = str(author, "id");
  ev.author_is_bot = member(author, "bot").is_boolean() && member(author, "bot").get<bool>();
  const auto& content = member(d, "content");
  ev.partial = ev.kind == event_kind::message_update && !content.is_string();
  if (content.is_string()) ev.content = content.get<std::string>();
  ev.flags = static_cast<int>(num(d, "flags"));
  ev.type = static_cast<int>(num(d, "type"));
  if (const auto& atts = member(d, "attachments"); atts.is_array())
    for (const auto& a : atts) {
      attachment at;
      at.id = str(a, "id");
      at.filename = str(a, "filename");
      at.url = str(a, "url");
      at.proxy_url = str(a, "proxy_url");
      at.width = static_cast<int>(num(a, "width"));
      at.height = static_cast<int>(num(a, "height"));
      ev.attachments.push_back(std::move(at));
    }
  if (const auto& embeds = member(d, "embeds"); embeds.is_array())
    for (const auto& e : embeds) {
      embed em;
      em.title = str(e, "title");
      em.description = str(e, "description");
      em.footer = str(member(e, "footer"), "text");
      em.color = num(e, "color");
      em.image_url = str(member(e, "image"), "url");
      ev.embeds.push_back(std::move(em));
    }
  read_components(member(d, "components"), ev);
  const auto& meta = member(d, "interaction_metadata");
  const auto& legacy = member(d, "interaction");
  const auto& source = meta.is_object() ? meta : legacy;
  ev.interaction_metadata_id = str(source, "id");
  ev.interaction_name = str(source, "name");
  ev.interaction_user_id = str(member(source, "user"), "id");
  if (ev.interaction_name.empty()) ev.interaction_name = str(legacy, "name");
  if (ev.interaction_user_id.empty()) ev.interaction_user_id = str(member(legacy, "user"), "id");
  ev.interacted_message_id = str(meta, "interacted_message_id");
  ev.triggering_interaction_id = str(member(meta, "triggering_interaction_metadata"), "id");
  ev.referenced_message_id = str(member(d, "message_reference"), "message_id");
}

// Top-level "t" when it precedes "d" (only scalars precede "d" at top level,
// so the first match is the top-level key). Tolerates spaces around ':'.
std::optional<std::string_view> scan_type(std::string_view text) {
  auto d_pos = text.find("\"d\"");
  auto pos = text.find("\"t\"");
  if (pos == std::string_view::npos || (d_pos != std::string_view::npos && pos > d_pos))
    return std::nullopt;
  pos += 3;
  auto skip_space = [&] {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  };
  skip_space();
  if (pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  skip_space();
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  auto end = text.find('"', pos + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return text.substr(pos + 1, end - pos - 1);
}

}  // namespace

bool is_consumed_dispatch(std::string_view t) {
  return t == "READY" || t == "RESUMED" || kind_of(t).has_value();
}

std::optional<gateway_frame> parse_frame(std::string_view text) {
  gateway_frame frame;
  bool type_known = false;
  bool skip_d = false;
  // Track "t" as it streams by so an unconsumed dispatch's "d" is never built.
  json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth != 1) return true;
    if (event == json::parse_event_t::key) {
      if (parsed == "d") return !(type_known && skip_d);
      return true;
    }
    return true;
  };
  // The callback needs "t" before "d": find it with a cheap scan first.
  if (auto t = scan_type(text)) {
    type_known = true;
    skip_d = !is_consumed_dispatch(*t);
  }
  json doc = json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  frame.op = static_cast<int>(num(doc, "op"));
  if (auto it = doc.find("s"); it != doc.end() && it->is_number())
    frame.seq = it->get<std::int64_t>();
  if (auto it = doc.find("t"); it != doc.end() && it->is_string())
    frame.type = it->get<std::string>();
  if (auto it = doc.find("d"); it != doc.end()) frame.data = std::move(*it);
  if (!doc.contains("op")) return std::nullopt;
  return frame;
}

std::optional<gateway_event> parse_dispatch(std::string_view t, const nlohmann::json& d,
                                            std::int64_t seq) {
  auto kind = kind_of(t);
  if (!kind || !d.is_object()) return std::nullopt;
  gateway_event ev;
  ev.kind = *kind;
  ev.seq = seq;
  ev.id = str(d, "id");
  ev.nonce = str(d, "nonce");
  switch (*kind) {
    case event_kind::interaction_create:
    case event_kind::interaction_success:
    case event_kind::interaction_failure:
      break;
    case event_kind::interaction_modal_create:
    case event_kind::interaction_iframe_modal_create:
      ev.custom_id = str(d, "custom_id");
      ev.title = str(d, "title");
      ev.iframe_path = str(d, "iframe_path");
      ev.application_id = str(member(d, "application"), "id");
      read_components(member(d, "components"), ev);
      break;
    case event_kind::message_delete:
      ev.channel_id = str(d, "channel_id");
      break;
    case event_kind::message_create:
    case event_kind::message_update:
      read_message(d, ev);
      break;
  }
  return ev;
}

std::optional<ready_info> parse_ready(const nlohmann::json& d) {
  ready_info r;
  r.session_id = str(d, "session_id");
  if (r.session_id.empty()) return std::nullopt;
  r.resume_gateway_url = str(d, "resume_gateway_url");
  const auto& user = member(d, "user");
  r.user_id = str(user, "id");
  r.username = str(user, "username");
  return r;
}

}  // namespace mjgate::discord
