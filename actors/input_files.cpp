#include "actors/input_files.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace mjgate::actors {

namespace {

constexpr const char* mask_name = "mask.b64";

std::string extension_mime(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".gif") return "image/gif";
  return "application/octet-stream";
}

bool write_file(const std::filesystem::path& path, const std::string& bytes) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

}  // namespace

std::string input_files::save(const std::string& task_id, const std::vector<upload_file>& files,
                              const std::string& mask_base64) const {
  if (dir_.empty() || (files.empty() && mask_base64.empty())) return {};
  auto dir = dir_ / task_id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot create " + dir.string() + ": " + ec.message();
  for (std::size_t i = 0; i < files.size(); ++i) {
    // "<n>-<name>": the order survives, the name keeps its extension.
    auto path = dir / (std::to_string(i) + "-" +
                       std::filesystem::path{files[i].filename}.filename().string());
    if (!write_file(path, files[i].bytes)) return "cannot write " + path.string();
  }
  if (!mask_base64.empty() && !write_file(dir / mask_name, mask_base64))
    return "cannot write the mask of " + task_id;
  return {};
}

std::vector<upload_file> input_files::load(const std::string& task_id) const {
  std::vector<upload_file> files;
  std::error_code ec;
  std::vector<std::pair<int, std::filesystem::path>> found;
  for (const auto& entry : std::filesystem::directory_iterator{dir_ / task_id, ec}) {
    auto name = entry.path().filename().string();
    auto dash = name.find('-');
    if (dash == std::string::npos || name.ends_with(".tmp")) continue;
    found.emplace_back(std::atoi(name.substr(0, dash).c_str()), entry.path());
  }
  std::sort(found.begin(), found.end());
  for (const auto& [n, path] : found) {
    auto name = path.filename().string();
    files.push_back({name.substr(name.find('-') + 1), extension_mime(path), read_file(path)});
  }
  return files;
}

std::string input_files::load_mask(const std::string& task_id) const {
  std::error_code ec;
  auto path = dir_ / task_id / mask_name;
  if (!std::filesystem::exists(path, ec)) return {};
  return read_file(path);
}

void input_files::remove(const std::string& task_id) const {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_ / task_id, ec);
}

}  // namespace mjgate::actors
