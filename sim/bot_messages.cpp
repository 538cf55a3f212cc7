#include "sim/bot_messages.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

namespace mjgate::sim {

using nlohmann::json;

namespace {

constexpr std::uint64_t discord_epoch_ms = 1420070400000ULL;
constexpr int red = 16711680;
constexpr const char* keycaps[] = {"1\xEF\xB8\x8F\xE2\x83\xA3", "2\xEF\xB8\x8F\xE2\x83\xA3",
                                   "3\xEF\xB8\x8F\xE2\x83\xA3", "4\xEF\xB8\x8F\xE2\x83\xA3",
                                   "5\xEF\xB8\x8F\xE2\x83\xA3"};

json bot_author(std::string_view bot_id) {
  bool niji = bot_id == niji_bot_id;
  return {
      {"id", bot_id},
      {"username", niji ? "niji\xE3\x83\xBBjourney Bot" : "Midjourney Bot"},
      {"global_name", nullptr},
      {"discriminator", niji ? "5681" : "9282"},
      {"avatar", niji ? "3a1c8e8c0a5c2b4e5b0c3d1f2e9a7b61" : "f6ce562a6b4979c4b1cbc5b436d3be76"},
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

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// The fields every bot message shares.
json base_message(const job_context& job, std::string_view id, std::string content, int type) {
  json m = {{"id", id},
            {"type", type},
            {"content", std::move(content)},
            {"channel_id", job.channel_id},
            {"author", bot_author(job.bot_id)},
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
            {"application_id", job.bot_id}};
  if (!job.guild_id.empty()) m["guild_id"] = job.guild_id;
  if (!job.parent_message_id.empty()) {
    json ref = {{"message_id", job.parent_message_id}, {"channel_id", job.channel_id}};
    if (!job.guild_id.empty()) ref["guild_id"] = job.guild_id;
    m["message_reference"] = std::move(ref);
  }
  return m;
}

void add_interaction(json& m, const job_context& job) {
  json meta = {{"id", job.interaction_id},
               {"type", job.interaction_type},
               {"user", interaction_user(job)},
               {"authorizing_integration_owners",
                {{"0", job.guild_id.empty() ? job.user_id : job.guild_id}}}};
  if (job.interaction_type == 2) meta["name"] = job.interaction_name;
  if (job.interaction_type == 3) meta["interacted_message_id"] = job.parent_message_id;
  if (job.interaction_type == 5 && !job.triggering_interaction_id.empty())
    meta["triggering_interaction_metadata"] = {{"id", job.triggering_interaction_id},
                                               {"type", 3},
                                               {"user", interaction_user(job)},
                                               {"interacted_message_id", job.parent_message_id}};
  m["interaction_metadata"] = std::move(meta);
  m["interaction"] = {{"id", job.interaction_id},
                      {"type", job.interaction_type},
                      {"name", job.interaction_name},
                      {"user", interaction_user(job)}};
}

std::string head(const job_context& job, const std::string& prefix) {
  return "**" + job.prompt_echo + "** - " + prefix + "<@" + job.user_id + ">";
}

json button(std::string custom_id, std::string label, int style = 2) {
  return {{"type", 2},
          {"style", style},
          {"label", std::move(label)},
          {"custom_id", std::move(custom_id)}};
}

json emoji_button(std::string custom_id, std::string label, std::string emoji) {
  json b = button(std::move(custom_id), std::move(label));
  b["emoji"] = {{"name", std::move(emoji)}};
  return b;
}

json row(json components) {
  return {{"type", 1}, {"components", std::move(components)}};
}

json web_button(const job_context& job) {
  return {{"type", 2},
          {"style", 5},
          {"label", "Web"},
          {"url", job.public_base + "/mjweb/jobs/" + job.hash}};
}

json attachment(const job_context& job, std::string_view attachment_id, std::string_view filename,
                std::size_t byte_count, int size, std::string_view content_type) {
  std::string path = "/attachments/" + job.channel_id + "/" + std::string{attachment_id} + "/" +
                     std::string{filename};
  json a = {{"id", attachment_id},
            {"filename", filename},
            {"size", byte_count},
            {"url", job.public_base + "/cdn" + path},
            {"proxy_url", job.public_base + "/media" + path},
            {"content_type", content_type}};
  if (size > 0) {
    a["width"] = size;
    a["height"] = size;
  }
  return a;
}

json error_embed(std::string title, std::string description, std::string footer, int color) {
  return {{"type", "rich"},
          {"title", std::move(title)},
          {"description", std::move(description)},
          {"color", color},
          {"footer", {{"text", std::move(footer)}}}};
}

json reply_base(const job_context& job, std::string_view message_id, std::string_view nonce,
                bool ephemeral) {
  json m = base_message(job, message_id, "", 20);
  m["nonce"] = nonce;
  m["mentions"] = json::array();
  if (ephemeral) m["flags"] = 64;
  add_interaction(m, job);
  return m;
}

}  // namespace

std::vector<command_row> default_commands() {
  const std::string mj{mj_bot_id}, niji{niji_bot_id};
  return {
      {mj, "imagine", "938956540159881230", "1237876415471554623"},
      {mj, "describe", "1092492867185950852", "1237876415471554625"},
      {mj, "blend", "1062880104792997970", "1237876415471554624"},
      {mj, "shorten", "1121575372539039774", "1247736572414001223"},
      {mj, "show", "1169435442328911902", "1247736572414001224"},
      {mj, "info", "972289487818334209", "1237876415735660565"},
      {mj, "settings", "1000850743479255081", "1493662068581077053"},
      {mj, "fast", "972289487818334212", "1237876415735660572"},
      {mj, "relax", "972289487818334213", "1237876415735660573"},
      {niji, "imagine", "1023054140580057099", "1248805223892254774"},
      {niji, "describe", "1092683500743831652", "1248805223892254776"},
      {niji, "blend", "1061216934374424697", "1248805223892254775"},
      {niji, "shorten", "1121575453916942376", "1248805223892254777"},
      {niji, "show", "1023054140580057101", "1248805223892254781"},
      {niji, "info", "1023054140580057102", "1248805223892254782"},
      {niji, "settings", "1023054140634579025", "1493662157915684906"},
      {niji, "fast", "1023054140580057107", "1248805223925940261"},
      {niji, "relax", "1023054140634579024", "1248805223925940262"},
  };
}

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
  json m =
      base_message(job, message_id, head(job, job.progress_prefix) + " (Waiting to start)", 20);
  m["nonce"] = nonce;
  add_interaction(m, job);
  return m;
}

json progress_message(const job_context& job, std::string_view message_id, int percent,
                      std::string_view attachment_id, int preview_size) {
  json m = base_message(
      job, message_id,
      head(job, job.progress_prefix) + " (" + std::to_string(percent) + "%) (" + job.mode + ")",
      20);
  std::string filename = job.hash + "_grid_0.webp";
  m["attachments"] =
      json::array({attachment(job, attachment_id, filename, 26, preview_size, "image/webp")});
  m["edited_timestamp"] = m["timestamp"];
  add_interaction(m, job);
  return m;
}

json final_message(const job_context& job, std::string_view message_id,
                   std::string_view attachment_id, std::string_view filename, int size,
                   std::size_t byte_count) {
  json m = base_message(job, message_id, head(job, job.final_prefix) + " (" + job.mode + ")", 0);
  m["attachments"] =
      json::array({attachment(job, attachment_id, filename, byte_count, size, "image/png")});
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
  m["components"] = json::array({row(row1), row(row2), row(json::array({web_button(job)}))});
  add_interaction(m, job);
  return m;
}

json single_image_message(const job_context& job, std::string_view message_id,
                          std::string_view attachment_id, std::string_view filename, int size,
                          std::size_t byte_count) {
  bool pick = job.final_prefix.rfind("Image #", 0) == 0;
  std::string content = head(job, job.final_prefix);
  if (!pick) content += " (" + job.mode + ")";
  json m = base_message(job, message_id, std::move(content), 0);
  m["attachments"] =
      json::array({attachment(job, attachment_id, filename, byte_count, size, "image/png")});
  const std::string& h = job.hash;
  const std::string solo = "::1::" + h + "::SOLO";
  json upscale =
      json::array({button("MJ::JOB::upsample_v7_2x_subtle" + solo, "Upscale (Subtle)"),
                   button("MJ::JOB::upsample_v7_2x_creative" + solo, "Upscale (Creative)")});
  json vary = json::array({button("MJ::JOB::low_variation" + solo, "Vary (Subtle)"),
                           button("MJ::JOB::high_variation" + solo, "Vary (Strong)"),
                           button("MJ::Inpaint::1::" + h + "::SOLO", "Vary (Region)")});
  json zoom = json::array({button("MJ::Outpaint::50::1::" + h + "::SOLO", "Zoom Out 2x"),
                           button("MJ::Outpaint::75::1::" + h + "::SOLO", "Zoom Out 1.5x"),
                           button("MJ::CustomZoom::" + h, "Custom Zoom")});
  json pan =
      json::array({emoji_button("MJ::JOB::pan_left" + solo, "", "\xE2\xAC\x85\xEF\xB8\x8F"),
                   emoji_button("MJ::JOB::pan_right" + solo, "", "\xE2\x9E\xA1\xEF\xB8\x8F"),
                   emoji_button("MJ::JOB::pan_up" + solo, "", "\xE2\xAC\x86\xEF\xB8\x8F"),
                   emoji_button("MJ::JOB::pan_down" + solo, "", "\xE2\xAC\x87\xEF\xB8\x8F")});
  json last = json::array({button("MJ::JOB::animate_high" + solo, "Animate (High motion)"),
                           button("MJ::JOB::animate_low" + solo, "Animate (Low motion)"),
                           emoji_button("MJ::BOOKMARK::" + h, "", "\xE2\x9D\xA4\xEF\xB8\x8F"),
                           web_button(job)});
  m["components"] = json::array({row(upscale), row(vary), row(zoom), row(pan), row(last)});
  add_interaction(m, job);
  return m;
}

json video_message(const job_context& job, std::string_view message_id,
                   std::string_view attachment_id, std::string_view filename,
                   std::size_t byte_count) {
  json m = base_message(job, message_id, head(job, job.final_prefix) + " (" + job.mode + ")", 0);
  m["attachments"] =
      json::array({attachment(job, attachment_id, filename, byte_count, 0, "video/mp4")});
  json picks = json::array();
  for (int i = 1; i <= 4; ++i)
    picks.push_back(button("MJ::JOB::video_virtual_upscale::" + std::to_string(i) + "::" + job.hash,
                           "U" + std::to_string(i)));
  m["components"] = json::array({row(picks), row(json::array({web_button(job)}))});
  add_interaction(m, job);
  return m;
}

json embed_reply(const job_context& job, std::string_view message_id, std::string_view nonce,
                 std::string_view title, std::string_view description, int color,
                 const std::vector<std::pair<std::string, std::string>>& buttons) {
  json m = reply_base(job, message_id, nonce, false);
  m["embeds"] = json::array({error_embed(
      std::string{title}, std::string{description},
      "/" + (job.interaction_type == 2 ? job.interaction_name : std::string{"imagine"}) + " " +
          job.prompt_echo,
      color)});
  if (!buttons.empty()) {
    json r = json::array();
    for (const auto& [id, label] : buttons) r.push_back(button(id, label, 1));
    m["components"] = json::array({row(r)});
  }
  return m;
}

json banned_message(const job_context& job, std::string_view message_id, std::string_view nonce) {
  return embed_reply(
      job, message_id, nonce, "Banned prompt detected",
      "Sorry! Our AI moderators feel your prompt might be against our community standards.\n\n"
      "If you think this is a mistake, please press the Appeal button below and we will send it "
      "to a more sophisticated AI to double-check the result.",
      red);
}

json failed_message(const job_context& job, std::string_view message_id, std::string_view nonce) {
  json m = reply_base(job, message_id, nonce, false);
  m["content"] = "Failed to process your command";
  return m;
}

json queued_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                    int position) {
  json m = embed_reply(job, message_id, nonce, "Job queued",
                       "Your job is queued (position " + std::to_string(position) +
                           "). It will start as soon as a slot frees up.",
                       16776960);
  m["flags"] = 64;
  return m;
}

json modal_event(std::string_view id, std::string_view nonce, std::string_view bot_id,
                 std::string_view channel_id, std::string_view custom_id, std::string_view title,
                 std::string_view field_id, std::string_view value) {
  json field = {{"type", 4},      {"custom_id", field_id}, {"style", 2},      {"label", "Prompt"},
                {"value", value}, {"required", true},      {"min_length", 1}, {"max_length", 6000}};
  return {{"id", id},
          {"nonce", nonce},
          {"channel_id", channel_id},
          {"custom_id", custom_id},
          {"title", title},
          {"components", json::array({row(json::array({field}))})},
          {"application",
           {{"id", bot_id},
            {"name", bot_id == niji_bot_id ? "niji\xE3\x83\xBBjourney Bot" : "Midjourney Bot"}}}};
}

json iframe_modal_event(std::string_view id, std::string_view nonce, std::string_view bot_id,
                        std::string_view channel_id, std::string_view custom_id,
                        std::string_view title, std::string_view iframe_path) {
  json e = {{"id", id},
            {"nonce", nonce},
            {"channel_id", channel_id},
            {"custom_id", custom_id},
            {"title", title},
            {"modal_size", 2},
            {"application", {{"id", bot_id}, {"name", "Midjourney Bot"}}}};
  if (!iframe_path.empty()) e["iframe_path"] = iframe_path;
  return e;
}

std::vector<std::string> describe_lines(std::string_view hash) {
  static const char* subjects[] = {"a lighthouse",  "a red fox",   "an old tram",
                                   "a paper crane", "a glass owl", "a quiet harbor"};
  static const char* styles[] = {"in watercolor",         "in the style of ukiyo-e",
                                 "as a charcoal sketch",  "in soft pastel tones",
                                 "in cinematic lighting", "as a low-poly render"};
  std::vector<std::string> out;
  auto h = fnv1a(hash);
  for (int i = 0; i < 4; ++i) {
    auto s = subjects[(h >> (i * 8)) % 6];
    auto st = (h >> (i * 8 + 4)) % 6;
    // Midjourney never offers the same line twice: the next style instead.
    auto line = [&] { return std::string{s} + " " + styles[st] + ", detailed --ar 1:1"; };
    while (std::find(out.begin(), out.end(), line()) != out.end()) st = (st + 1) % 6;
    out.push_back(line());
  }
  return out;
}

json describe_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                      std::string_view image_url, const std::vector<std::string>& lines) {
  json m = reply_base(job, message_id, nonce, false);
  std::string description;
  for (std::size_t i = 0; i < lines.size() && i < 4; ++i) {
    if (i > 0) description += "\n\n";
    description += std::string{keycaps[i]} + " " + lines[i];
  }
  m["embeds"] = json::array({{{"type", "rich"},
                              {"description", description},
                              {"color", 0},
                              {"image", {{"url", image_url}}}}});
  json picks = json::array();
  for (int i = 1; i <= 4; ++i)
    picks.push_back(button("MJ::Job::PicReader::" + std::to_string(i), std::to_string(i)));
  picks.push_back(button("MJ::Job::PicReader::all", "Imagine all"));
  json retry = json::array({emoji_button("MJ::Picread::Retry", "", "\xF0\x9F\x94\x84")});
  m["components"] = json::array({row(picks), row(retry)});
  return m;
}

std::vector<std::string> shorten_prompts(std::string_view prompt) {
  std::vector<std::string> words;  // the prompt's words without parameters and their values
  std::string cur;
  bool skip_value = false;
  auto take = [&] {
    if (cur.empty()) return;
    if (cur.rfind("--", 0) == 0)
      skip_value = true;
    else if (skip_value)
      skip_value = false;
    else
      words.push_back(cur);
    cur.clear();
  };
  for (char c : prompt) {
    if (c == ' ' || c == ',')
      take();
    else
      cur.push_back(c);
  }
  take();
  std::vector<std::string> out;
  for (std::size_t n = 5; n >= 1; --n) {
    std::string p;
    std::size_t keep = words.size() * n / 5;
    if (keep == 0 && !words.empty()) keep = 1;
    for (std::size_t i = 0; i < keep; ++i) p += (i ? " " : "") + words[i];
    out.push_back(p.empty() ? std::string{"image"} : p);
  }
  return out;
}

json shorten_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                     const std::vector<std::string>& prompts) {
  json m = reply_base(job, message_id, nonce, false);
  std::string d = "## Important tokens\n" + (prompts.empty() ? std::string{} : prompts.back()) +
                  "\n## Shortened prompts\n";
  json buttons = json::array();
  for (std::size_t i = 0; i < prompts.size() && i < 5; ++i) {
    if (i > 0) d += "\n\n";
    d += std::string{keycaps[i]} + " " + prompts[i];
    buttons.push_back(button("MJ::Job::PromptAnalyzer::" + job.hash + "::" + std::to_string(i + 1),
                             std::to_string(i + 1)));
  }
  m["embeds"] = json::array(
      {{{"type", "rich"},
        {"title", "Shortened prompts"},
        {"description", d},
        {"color", 0},
        {"footer", {{"text", "Click on a button to imagine one of the shortened prompts"}}}}});
  m["components"] = json::array(
      {row(buttons),
       row(json::array({button("MJ::Job::PromptAnalyzerExtended::" + job.hash, "Show Details")}))});
  return m;
}

std::string fast_time_text(double left, double total) {
  if (left < 0) left = 0;
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%.2f/%.1f hours (%.2f%%)", left, total,
                total > 0 ? left * 100.0 / total : 0.0);
  return buf.data();
}

json info_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                  const user_profile& p) {
  json m = reply_base(job, message_id, nonce, true);
  std::string mode = p.job_mode == "relax" ? "Relaxed" : p.job_mode == "turbo" ? "Turbo" : "Fast";
  std::string d =
      "**Subscription**: Pro (Active monthly, renews next on <t:1767225600>)\n"
      "**Job Mode**: " +
      mode + "\n" + "**Visibility Mode**: " + (p.stealth ? "Stealth" : "Public") + "\n" +
      "**Fast Time Remaining**: " + fast_time_text(p.fast_hours_left, p.fast_hours_total) + "\n" +
      "**Lifetime Usage**: " + std::to_string(p.lifetime_jobs) + " images\n" +
      "**Relaxed Usage**: 0 images\n**Turbo Usage**: 0 images\n" +
      "**Fast Usage**: " + std::to_string(p.lifetime_jobs) + " images\n" +
      "**Queued Jobs (fast)**: " + std::to_string(p.queued) + "\n" +
      "**Queued Jobs (relax)**: 0\n" +
      "**Running Jobs**: " + (p.running == 0 ? std::string{"None"} : std::to_string(p.running));
  m["embeds"] = json::array({{{"type", "rich"},
                              {"title", "Your info - " + job.username},
                              {"description", d},
                              {"color", 0}}});
  return m;
}

json settings_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                      const user_profile& p) {
  json m = reply_base(job, message_id, nonce, true);
  m["content"] = "Adjust your settings here. Current suffix:```\n--v " + p.version + "```";
  json options = json::array();
  for (const char* v : {"7", "6.1", "6", "5.2", "5.1", "5"})
    options.push_back({{"label", std::string{"Midjourney Model V"} + v},
                       {"value", v},
                       {"default", p.version == v}});
  json select = {{"type", 3},
                 {"custom_id", "MJ::Settings::VersionSelector"},
                 {"options", options},
                 {"min_values", 1},
                 {"max_values", 1}};
  auto toggle = [](std::string id, std::string label, bool on) {
    return button(std::move(id), std::move(label), on ? 3 : 2);
  };
  json r2 = json::array(
      {toggle("MJ::Settings::RemixMode", "Remix mode", p.remix),
       toggle("MJ::Settings::HighVariabilityMode::1", "High Variation Mode", p.high_variability)});
  json r3 = json::array({toggle("MJ::Settings::PublicMode::1", "Public mode", !p.stealth),
                         toggle("MJ::Settings::PrivateMode::1", "Stealth mode", p.stealth)});
  json r4 = json::array({toggle("MJ::Settings::TurboMode", "Turbo mode", p.job_mode == "turbo"),
                         toggle("MJ::Settings::FastMode", "Fast mode", p.job_mode == "fast"),
                         toggle("MJ::Settings::RelaxMode", "Relax mode", p.job_mode == "relax")});
  m["components"] = json::array({row(json::array({select})), row(r2), row(r3), row(r4)});
  return m;
}

json mode_message(const job_context& job, std::string_view message_id, std::string_view nonce,
                  std::string_view mode) {
  json m = reply_base(job, message_id, nonce, true);
  m["content"] = mode == "relax" ? "Done! Your jobs now do not cost fast-hours, but will be queued "
                                   "behind other jobs. Use `/fast` to switch back."
                                 : "Done! Your jobs now consume fast-hours. Use `/relax` to "
                                   "switch to relax mode.";
  return m;
}

json seed_message(const job_context& job, std::string_view message_id, std::uint64_t seed) {
  json m = base_message(
      job, message_id,
      "**" + job.prompt_echo + "**\n**Job ID**: " + job.hash + "\n**seed** " + std::to_string(seed),
      0);
  m["mentions"] = json::array();
  return m;
}

json user_message(std::string_view message_id, std::string_view channel_id,
                  std::string_view guild_id, std::string_view user_id, std::string_view username,
                  std::string_view content, std::string_view nonce, const json& attachments) {
  json m = {
      {"id", message_id},
      {"type", 0},
      {"content", content},
      {"channel_id", channel_id},
      {"author", {{"id", user_id}, {"username", username}, {"discriminator", "0"}, {"bot", false}}},
      {"attachments", attachments},
      {"embeds", json::array()},
      {"mentions", json::array()},
      {"timestamp", snowflake_timestamp(to_u64(message_id))},
      {"edited_timestamp", nullptr},
      {"flags", 0},
      {"components", json::array()},
      {"nonce", nonce}};
  if (!guild_id.empty()) m["guild_id"] = guild_id;
  return m;
}

json dm_channel(std::string_view channel_id, std::string_view bot_id) {
  return {{"id", channel_id},
          {"type", 1},
          {"last_message_id", nullptr},
          {"flags", 0},
          {"recipients", json::array({bot_author(bot_id)})}};
}

json command_search_body(const std::vector<command_row>& commands) {
  auto str_opt = [](const char* name, const char* desc, bool required) {
    return json{{"type", 3}, {"name", name}, {"description", desc}, {"required", required}};
  };
  auto img_opt = [](const char* name, bool required) {
    return json{{"type", 11}, {"name", name}, {"description", "An image"}, {"required", required}};
  };
  auto shape = [&](std::string_view name) -> std::pair<const char*, json> {
    if (name == "imagine")
      return {"Create images with Midjourney",
              json::array({str_opt("prompt", "The prompt to imagine", true)})};
    if (name == "describe")
      return {"Writes a prompt based on your image.",
              json::array({img_opt("image", false), str_opt("link", "A link to an image", false)})};
    if (name == "blend")
      return {
          "Blend images together seamlessly!",
          json::array({img_opt("image1", true), img_opt("image2", true), img_opt("image3", false),
                       img_opt("image4", false), img_opt("image5", false),
                       str_opt("dimensions", "Aspect ratio", false)})};
    if (name == "shorten")
      return {"Analyzes and shortens a prompt.",
              json::array({str_opt("prompt", "The prompt to shorten", true)})};
    if (name == "show")
      return {"Shows the job view based on job id.",
              json::array({str_opt("job_id", "The job ID of the job you want to show", true)})};
    if (name == "info") return {"View information about your profile.", json::array()};
    if (name == "settings") return {"View and adjust your personal settings.", json::array()};
    if (name == "fast") return {"Switch to fast mode", json::array()};
    return {"Switch to relax mode", json::array()};
  };
  json out = json::array();
  json apps = json::array();
  for (const auto& c : commands) {
    auto [description, options] = shape(c.name);
    out.push_back({{"id", c.id},
                   {"application_id", c.bot_id},
                   {"version", c.version},
                   {"type", 1},
                   {"name", c.name},
                   {"description", description},
                   {"options", options},
                   {"dm_permission", true},
                   {"integration_types", json::array({0})}});
    bool listed = false;
    for (const auto& a : apps) listed = listed || a["id"] == c.bot_id;
    if (!listed) apps.push_back({{"id", c.bot_id}, {"name", bot_author(c.bot_id)["username"]}});
  }
  return {{"applications", std::move(apps)},
          {"application_commands", std::move(out)},
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
