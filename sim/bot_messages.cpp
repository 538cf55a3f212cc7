#include "sim/bot_messages.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace mjgate::sim {

using nlohmann::json;

namespace {

constexpr std::uint64_t discord_epoch_ms = 1420070400000ULL;

json bot_author() {
  return {{"id", mj_bot_id},
          {"username", "Midjourney Bot"},
          {"global_name", nullptr},
          {"discriminator", "9282"},
          {"avatar", "f6ce562a6b4979c4b1cbc5b436d3be76"},
          {"bot", true},
          {"public_flags", 589824}};
}

json interaction_user(const job_context& job) {
  return {{"id", job.user_id}, {"username", job.username}, {"discriminator", "0"}};
}

std::uint64_t to_u64(std::string_view id) {
  std::uint64_t v = 0;
  for (char c : id)
    if (c >= '0' && c <= '9') v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// The fields every bot message shares.
json base_message(const job_context& job, std::string_view id, std::string content, int type) {
  json m = {{"id", id},
            {"type", type},
            {"content", std::move(content)},
            {"channel_id", job.channel_id},
            {"guild_id", job.guild_id},
            {"author", bot_author()},
            {"attachments", json::array()},
            {"embeds", json::array()},
            {"mentions", json::array({interaction_user(job)})},
            {"mention_roles", json::array()},
            {"mention_everyone", false},
            {"pinned", false},
            {"tts", false},
            {"timestamp", snowflake_timestamp(to_u64(id))},
            {"edited_timestamp", nullptr},
            {"flags", 0},
            {"components", json::array()},
            {"application_id", mj_bot_id}};
  return m;
}

void add_interaction(json& m, const job_context& job) {
  m["interaction_metadata"] = {{"id", job.interaction_id},
                               {"type", 2},
                               {"name", "imagine"},
                               {"user", interaction_user(job)},
                               {"authorizing_integration_owners", {{"0", job.guild_id}}}};
  m["interaction"] = {{"id", job.interaction_id},
                      {"type", 2},
                      {"name", "imagine"},
                      {"user", interaction_user(job)}};
}

std::string head(const job_context& job) {
  return "**" + job.prompt_echo + "** - <@" + job.user_id + ">";
}

json button(std::string custom_id, std::string label) {
  return {
      {"type", 2}, {"style", 2}, {"label", std::move(label)}, {"custom_id", std::move(custom_id)}};
}

json error_embed(std::string title, std::string description, std::string footer) {
  return {{"type", "rich"},
          {"title", std::move(title)},
          {"description", std::move(description)},
          {"color", 16711680},
          {"footer", {{"text", std::move(footer)}}}};
}

}  // namespace

std::string snowflake_timestamp(std::uint64_t snowflake) {
  std::uint64_t ms = (snowflake >> 22) + discord_epoch_ms;
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::array<char, 64> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S", &tm);
  std::array<char, 16> frac{};
  std::snprintf(frac.data(), frac.size(), ".%03u000+00:00", static_cast<unsigned>(ms % 1000));
  return std::string{buf.data()} + frac.data();
}

json waiting_message(const job_context& job, std::string_view message_id, std::string_view nonce) {
  json m = base_message(job, message_id, head(job) + " (Waiting to start)", 20);
  m["nonce"] = nonce;
  add_interaction(m, job);
  return m;
}

json progress_message(const job_context& job, std::string_view message_id, int percent,
                      std::string_view attachment_id, int preview_size) {
  json m =
      base_message(job, message_id, head(job) + " (" + std::to_string(percent) + "%) (fast)", 20);
  std::string filename = job.hash + "_grid_0.webp";
  m["attachments"] =
      json::array({{{"id", attachment_id},
                    {"filename", filename},
                    {"size", 26},
                    {"url", job.public_base + "/cdn/attachments/" + job.channel_id + "/" +
                                std::string{attachment_id} + "/" + filename},
                    {"proxy_url", job.public_base + "/media/attachments/" + job.channel_id + "/" +
                                      std::string{attachment_id} + "/" + filename},
                    {"width", preview_size},
                    {"height", preview_size},
                    {"content_type", "image/webp"}}});
  m["edited_timestamp"] = m["timestamp"];
  add_interaction(m, job);
  return m;
}

json final_message(const job_context& job, std::string_view message_id,
                   std::string_view attachment_id, std::string_view filename, int size,
                   std::size_t byte_count) {
  json m = base_message(job, message_id, head(job) + " (fast)", 0);
  std::string path = "/attachments/" + job.channel_id + "/" + std::string{attachment_id} + "/" +
                     std::string{filename};
  m["attachments"] = json::array({{{"id", attachment_id},
                                   {"filename", filename},
                                   {"size", byte_count},
                                   {"url", job.public_base + "/cdn" + path},
                                   {"proxy_url", job.public_base + "/media" + path},
                                   {"width", size},
                                   {"height", size},
                                   {"content_type", "image/png"}}});
  json row1 = json::array();
  json row2 = json::array();
  for (int i = 1; i <= 4; ++i) {
    row1.push_back(button("MJ::JOB::upsample::" + std::to_string(i) + "::" + job.hash,
                          "U" + std::to_string(i)));
    row2.push_back(button("MJ::JOB::variation::" + std::to_string(i) + "::" + job.hash,
                          "V" + std::to_string(i)));
  }
  row1.push_back({{"type", 2},
                  {"style", 2},
                  {"custom_id", "MJ::JOB::reroll::0::" + job.hash + "::SOLO"},
                  {"emoji", {{"name", "\xF0\x9F\x94\x84"}}}});
  json row3 = json::array({{{"type", 2},
                            {"style", 5},
                            {"label", "Web"},
                            {"url", job.public_base + "/mjweb/jobs/" + job.hash}}});
  m["components"] = json::array({{{"type", 1}, {"components", row1}},
                                 {{"type", 1}, {"components", row2}},
                                 {{"type", 1}, {"components", row3}}});
  add_interaction(m, job);
  return m;
}

json banned_message(const job_context& job, std::string_view message_id, std::string_view nonce) {
  json m = base_message(job, message_id, "", 20);
  m["nonce"] = nonce;
  m["mentions"] = json::array();
  m["embeds"] = json::array({error_embed(
      "Banned prompt detected",
      "Sorry! Our AI moderators feel your prompt might be against our community standards.\n\n"
      "If you think this is a mistake, please press the Appeal button below and we will send it "
      "to a more sophisticated AI to double-check the result.",
      "/imagine " + job.prompt_echo)});
  add_interaction(m, job);
  return m;
}

json failed_message(const job_context& job, std::string_view message_id, std::string_view nonce) {
  json m = base_message(job, message_id, "Failed to process your command", 20);
  m["nonce"] = nonce;
  m["mentions"] = json::array();
  add_interaction(m, job);
  return m;
}

json queued_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                    int position) {
  json m = base_message(job, message_id, "", 20);
  m["nonce"] = nonce;
  m["flags"] = 64;
  m["mentions"] = json::array();
  m["embeds"] =
      json::array({{{"type", "rich"},
                    {"title", "Job queued"},
                    {"description", "Your job is queued (position " + std::to_string(position) +
                                        "). It will start as soon as a slot frees up."},
                    {"color", 16776960},
                    {"footer", {{"text", "/imagine " + job.prompt_echo}}}}});
  add_interaction(m, job);
  return m;
}

json command_search_body() {
  struct row {
    const char *name, *id, *version, *description;
    json options;
  };
  auto str_opt = [](const char* name, const char* desc, bool required) {
    return json{{"type", 3}, {"name", name}, {"description", desc}, {"required", required}};
  };
  auto img_opt = [](const char* name, bool required) {
    return json{{"type", 11}, {"name", name}, {"description", "An image"}, {"required", required}};
  };
  const row rows[] = {
      {"imagine", "938956540159881230", "1237876415471554623", "Create images with Midjourney",
       json::array({str_opt("prompt", "The prompt to imagine", true)})},
      {"describe", "1092492867185950852", "1237876415471554625",
       "Writes a prompt based on your image.",
       json::array({img_opt("image", false), str_opt("link", "A link to an image", false)})},
      {"blend", "1062880104792997970", "1237876415471554624", "Blend images together seamlessly!",
       json::array({img_opt("image1", true), img_opt("image2", true), img_opt("image3", false),
                    img_opt("image4", false), img_opt("image5", false),
                    str_opt("dimensions", "Aspect ratio", false)})},
      {"shorten", "1121575372539039774", "1247736572414001223", "Analyzes and shortens a prompt.",
       json::array({str_opt("prompt", "The prompt to shorten", true)})},
      {"show", "1169435442328911902", "1247736572414001224", "Shows the job view based on job id.",
       json::array({str_opt("job_id", "The job ID of the job you want to show", true)})},
      {"info", "972289487818334209", "1237876415735660565", "View information about your profile.",
       json::array()},
      {"settings", "1000850743479255081", "1493662068581077053",
       "View and adjust your personal settings.", json::array()},
      {"fast", "972289487818334212", "1237876415735660572", "Switch to fast mode", json::array()},
      {"relax", "972289487818334213", "1237876415735660573", "Switch to relax mode", json::array()},
  };
  json commands = json::array();
  for (const auto& r : rows)
    commands.push_back({{"id", r.id},
                        {"application_id", mj_bot_id},
                        {"version", r.version},
                        {"type", 1},
                        {"name", r.name},
                        {"description", r.description},
                        {"options", r.options},
                        {"dm_permission", true},
                        {"integration_types", json::array({0})}});
  return {{"applications", json::array({{{"id", mj_bot_id}, {"name", "Midjourney Bot"}}})},
          {"application_commands", std::move(commands)},
          {"cursor", {{"next", nullptr}, {"previous", nullptr}}}};
}

json error_body(int code, std::string_view message) {
  return {{"message", message}, {"code", code}};
}

json form_error_body(std::string_view field, std::string_view error_code,
                     std::string_view message) {
  json errors;
  errors[std::string{field}] = {
      {"_errors", json::array({{{"code", error_code}, {"message", message}}})}};
  return {{"code", 50035}, {"message", "Invalid Form Body"}, {"errors", std::move(errors)}};
}

json invalid_version_body() {
  return form_error_body("data", "INTERACTION_APPLICATION_COMMAND_INVALID_VERSION",
                         "This command is outdated, please try again in a few minutes");
}

}  // namespace mjgate::sim
