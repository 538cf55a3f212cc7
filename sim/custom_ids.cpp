#include "sim/custom_ids.hpp"

#include <vector>

namespace mjgate::sim {

namespace {

std::vector<std::string_view> split_parts(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (true) {
    auto j = s.find("::", i);
    if (j == std::string_view::npos) {
      out.push_back(s.substr(i));
      return out;
    }
    out.push_back(s.substr(i, j - i));
    i = j + 2;
  }
}

int small_int(std::string_view s) {
  if (s.empty() || s.size() > 3) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool is_hash(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string capitalised(std::string_view s) {
  std::string out{s};
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// MJ::JOB::<name>::<i>::<H>[::SOLO]
std::optional<click_action> parse_job(const std::vector<std::string_view>& p) {
  if (p.size() < 5 || p.size() > 6 || !is_hash(p[4])) return std::nullopt;
  if (p.size() == 6 && p[5] != "SOLO") return std::nullopt;
  click_action a;
  a.hash = std::string{p[4]};
  a.index = small_int(p[3]);
  std::string_view name = p[2];
  auto starts = [&](std::string_view prefix) { return name.substr(0, prefix.size()) == prefix; };
  if (name == "upsample" && a.index >= 1 && a.index <= 4) {
    a.action = "upsample";
    a.result = click_result::single;
  } else if (name == "video_virtual_upscale" && a.index >= 1 && a.index <= 4) {
    a.action = "video_upsample";
    a.result = click_result::single;
  } else if (name == "variation" && a.index >= 1 && a.index <= 4) {
    a.action = "variation";
    a.remix_modal = true;
    a.result = click_result::grid;
  } else if (name == "reroll" && a.index == 0) {
    a.action = "reroll";
    a.remix_modal = true;
    a.result = click_result::grid;
  } else if ((name == "high_variation" || name == "low_variation") && a.index == 1) {
    a.action = std::string{name};
    a.remix_modal = true;
    a.result = click_result::grid;
  } else if (starts("pan_") && a.index == 1) {
    a.detail = std::string{name.substr(4)};
    if (a.detail != "left" && a.detail != "right" && a.detail != "up" && a.detail != "down")
      return std::nullopt;
    a.action = "pan";
    a.remix_modal = true;
    a.result = click_result::grid;
  } else if (starts("upsample_") && a.index == 1) {
    a.detail = std::string{name.substr(9)};
    static const std::string_view variants[] = {"v5_2x",          "v5_4x",
                                                "v6_2x_subtle",   "v6_2x_creative",
                                                "v6r1_2x_subtle", "v6r1_2x_creative",
                                                "v7_2x_subtle",   "v7_2x_creative"};
    bool known = false;
    for (auto v : variants) known = known || v == a.detail;
    if (!known) return std::nullopt;
    a.action = "upscale_hd";
    a.result = click_result::hd;
  } else if (starts("animate_") && a.index == 1) {
    a.detail = std::string{name.substr(8)};
    if (a.detail != "high" && a.detail != "low" && a.detail != "high_extend" &&
        a.detail != "low_extend")
      return std::nullopt;
    a.action = "animate";
    a.remix_modal = true;
    a.result = click_result::video;
  } else {
    return std::nullopt;
  }
  return a;
}

}  // namespace

std::optional<click_action> parse_custom_id(std::string_view custom_id) {
  auto p = split_parts(custom_id);
  if (p.size() < 2 || p[0] != "MJ") return std::nullopt;
  const auto family = p[1];
  if (family == "JOB") return parse_job(p);
  click_action a;
  if (family == "Inpaint" && p.size() == 5 && p[2] == "1" && is_hash(p[3]) && p[4] == "SOLO") {
    a.action = "inpaint";
    a.hash = std::string{p[3]};
    a.index = 1;
    a.result = click_result::grid;
    return a;
  }
  if (family == "Outpaint" && p.size() == 6 && (p[2] == "50" || p[2] == "75") && p[3] == "1" &&
      is_hash(p[4]) && p[5] == "SOLO") {
    a.action = "outpaint";
    a.detail = std::string{p[2]};
    a.hash = std::string{p[4]};
    a.index = 1;
    a.result = click_result::grid;
    return a;
  }
  if (family == "CustomZoom" && p.size() == 3 && is_hash(p[2])) {
    a.action = "custom_zoom";
    a.hash = std::string{p[2]};
    a.always_modal = true;
    a.result = click_result::grid;
    return a;
  }
  if (family == "Picread" && p.size() == 3 && p[2] == "Retry") {
    a.action = "picread_retry";
    return a;
  }
  if (family == "Job" && p.size() == 4 && p[2] == "PicReader" && p[3] == "all") {
    a.action = "picreader_all";
    return a;
  }
  if (family == "Job" && p.size() == 4 && p[2] == "PicReader") {
    a.index = small_int(p[3]);
    if (a.index < 1 || a.index > 4) return std::nullopt;
    a.action = "picreader";
    a.always_modal = true;
    return a;
  }
  if (family == "Job" && p.size() >= 4 && p[2] == "PromptAnalyzer") {
    a.index = small_int(p.back());
    if (a.index < 1 || a.index > 5) return std::nullopt;
    a.action = "prompt_analyzer";
    a.always_modal = true;
    return a;
  }
  if (family == "BOOKMARK" && p.size() == 3 && is_hash(p[2])) {
    a.action = "bookmark";
    a.hash = std::string{p[2]};
    return a;
  }
  if (family == "Settings" && p.size() >= 3) {
    a.action = "settings";
    a.detail = std::string{p[2]};
    return a;
  }
  if (family == "Prompts" && p.size() == 4 && p[2] == "Appeal") {
    a.action = "appeal";
    a.detail = std::string{p[3]};
    return a;
  }
  if (family == "Tos" && p.size() == 3 && p[2] == "Accept") {
    a.action = "tos";
    return a;
  }
  return std::nullopt;
}

std::string final_tail_prefix(const click_action& a, bool remix) {
  const std::string kind = remix ? "Remix" : "Variations";
  if (a.action == "upsample" || a.action == "video_upsample")
    return "Image #" + std::to_string(a.index) + " ";
  if (a.action == "variation" || a.action == "high_variation") return kind + " (Strong) by ";
  if (a.action == "low_variation") return kind + " (Subtle) by ";
  if (a.action == "inpaint") return kind + " (Region) by ";
  if (a.action == "outpaint" || a.action == "custom_zoom") return "Zoom Out by ";
  if (a.action == "pan") return "Pan " + capitalised(a.detail) + " by ";
  if (a.action == "upscale_hd") {
    if (a.detail == "v5_2x") return "Upscaled (2x) by ";
    if (a.detail == "v5_4x") return "Upscaled (4x) by ";
    bool subtle = a.detail.size() >= 6 && a.detail.substr(a.detail.size() - 6) == "subtle";
    return subtle ? "Upscaled (Subtle) by " : "Upscaled (Creative) by ";
  }
  return "";
}

modal_ids modal_for(const click_action& a, std::string_view message_id) {
  const std::string i = std::to_string(a.index);
  if (a.action == "variation" || a.action == "high_variation" || a.action == "low_variation")
    return {
        "MJ::RemixModal::" + a.hash + "::" + i + "::" + (a.action == "low_variation" ? "0" : "1"),
        "MJ::RemixModal::new_prompt", "Remix Prompt"};
  if (a.action == "reroll")
    return {"MJ::ImagineModal::" + std::string{message_id}, "MJ::ImagineModal::new_prompt",
            "Imagine This!"};
  if (a.action == "pan")
    return {"MJ::PanModal::" + a.detail + "::" + a.hash + "::" + i, "MJ::PanModal::prompt",
            "Pan " + capitalised(a.detail)};
  if (a.action == "custom_zoom")
    return {"MJ::OutpaintCustomZoomModal::" + a.hash, "MJ::OutpaintCustomZoomModal::prompt",
            "Zoom Out"};
  if (a.action == "picreader")
    return {"MJ::Picreader::Modal::" + i, "MJ::Picreader::Modal::PromptField", "Imagine This!"};
  if (a.action == "prompt_analyzer")
    return {"MJ::PromptAnalyzer::Modal::" + i, "MJ::PromptAnalyzer::Modal::PromptField",
            "Imagine This!"};
  if (a.action == "animate") {
    bool extend = a.detail.find("_extend") != std::string::npos;
    std::string level = a.detail.substr(0, a.detail.find('_'));
    return {"MJ::AnimateModal::" + a.hash + "::" + i + "::" + level + "::" + (extend ? "1" : "0"),
            "MJ::AnimateModal::prompt", "Animate"};
  }
  return {};
}

std::string progress_tail_prefix(const click_action& a, bool remix) {
  if (a.action == "upscale_hd") return "Upscaling by ";
  return final_tail_prefix(a, remix);
}

}  // namespace mjgate::sim
