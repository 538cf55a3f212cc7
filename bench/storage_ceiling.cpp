// bench_storage: the storage ceiling of issue 3 (raw batched inserts of
// mjgate's task rows through persistence::insert_tasks on a plain SOCI
// session), and the seeder bench/run uses to fill mjgate's database.
#include <soci/soci.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "domain/task.hpp"
#include "persistence/dsn.hpp"
#include "persistence/migrations.hpp"
#include "persistence/task_repository.hpp"

namespace {

using mjgate::domain::task;

constexpr std::int64_t base_time_ms = 1732200000000;  // fixed: rows are reproducible

/// The 16-digit id of row i.
std::string row_id(std::int64_t id_base, std::int64_t i) {
  auto s = std::to_string(id_base + i);
  return std::string(s.size() < 16 ? 16 - s.size() : 0, '0') + s;
}

/// A deterministic UUID-shaped string for row i.
std::string row_uuid(std::int64_t i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld", static_cast<long long>(i));
  return buf;
}

/// Row i as mjgate stores a fresh imagine (finished = as a SUCCESS with its
/// result message, buttons and image).
task make_row(std::int64_t id_base, std::int64_t i, bool finished) {
  task t;
  t.id = row_id(id_base, i);
  t.uuid = row_uuid(i);
  t.prompt = "a red cat sitting on a blue chair, studio light, 35mm, highly detailed #" +
             std::to_string(i);
  t.prompt_en = t.prompt;
  t.prompt_full = t.prompt + " --seed " + std::to_string(1000 + i % 100000);
  t.description = "/imagine " + t.prompt;
  t.submit_time = base_time_ms + i;
  t.created_at = t.submit_time;
  t.updated_at = t.submit_time;
  t.revision = 1;
  t.account_id = std::to_string(1200000000000000001 + i % 100);
  t.nonce = std::to_string(1400000000000000000 + i);
  if (!finished) return t;
  t.status = mjgate::domain::task_status::success;
  t.progress = 100;
  t.start_time = t.submit_time + 50;
  t.finish_time = t.submit_time + 3000;
  t.updated_at = t.finish_time;
  t.final_prompt = t.prompt_full + " --v 6.1";
  t.image_url = "https://cdn.discordapp.com/attachments/1200000000000000001/" +
                std::to_string(1500000000000000000 + i) + "/bench_" + t.id + ".png";
  t.mode = "FAST";
  t.job_id = "0b8a6f2e-1c3d-4e5f-8a9b-" + row_uuid(i).substr(24);
  t.seed = std::to_string(1000 + i % 100000);
  t.message_id = std::to_string(1500000000000000000 + i);
  t.interaction_id = std::to_string(1600000000000000000 + i);
  t.flags = 0;
  t.revision = 5;
  for (int u = 1; u <= 4; ++u)
    t.buttons.push_back({"MJ::JOB::upsample::" + std::to_string(u) + "::" + t.job_id, "",
                         "U" + std::to_string(u), 2, 2});
  for (int v = 1; v <= 4; ++v)
    t.buttons.push_back({"MJ::JOB::variation::" + std::to_string(v) + "::" + t.job_id, "",
                         "V" + std::to_string(v), 2, 2});
  t.buttons.push_back({"MJ::JOB::reroll::0::" + t.job_id + "::SOLO", "🔄", "", 2, 2});
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_storage: batched task inserts (storage ceiling, seeder)"};
  std::string dsn_text;
  std::int64_t rows = 100000;
  std::int64_t batch = 500;
  std::int64_t id_base = 7000000000000000;
  bool finished = false;
  std::string ids_out;
  app.add_option("--dsn", dsn_text, "sqlite:<file> or postgresql:<conninfo> (mjgate's syntax)")
      ->required();
  app.add_option("--rows", rows, "rows to insert")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10000000}));
  app.add_option("--batch", batch, "rows per transaction")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10000}));
  app.add_option("--id-base", id_base, "first task id (16 digits)");
  app.add_flag("--finished", finished, "insert finished (SUCCESS) tasks instead of fresh submits");
  app.add_option("--ids-out", ids_out, "write every inserted id to this file, one per line");
  CLI11_PARSE(app, argc, argv);

  namespace p = mjgate::persistence;
  auto parsed = p::parse_dsn(dsn_text);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    std::cerr << "bench_storage: " << *err << "\n";
    return 2;
  }
  const auto& d = std::get<p::dsn>(parsed);
  try {
    soci::session sql;
    p::open_session(sql, d);
    p::migrate(sql, d.kind);

    // Rows are built before the clock starts: only the database is timed.
    std::vector<std::vector<task>> batches;
    for (std::int64_t first = 0; first < rows; first += batch) {
      auto& b = batches.emplace_back();
      for (std::int64_t i = first; i < std::min(rows, first + batch); ++i)
        b.push_back(make_row(id_base, i, finished));
    }
    const auto t0 = std::chrono::steady_clock::now();
    for (auto& b : batches) {
      soci::transaction tr(sql);
      p::insert_tasks(sql, d.kind, b);
      tr.commit();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    if (!ids_out.empty()) {
      std::ofstream out(ids_out);
      for (const auto& b : batches)
        for (const auto& t : b) out << t.id << '\n';
      if (!out) throw std::runtime_error("cannot write " + ids_out);
    }
    std::cout << "bench_storage backend="
              << (d.kind == p::dsn::backend::sqlite ? "sqlite" : "postgresql") << " rows=" << rows
              << " batch=" << batch << " seconds=" << seconds
              << " rows_per_s=" << static_cast<std::int64_t>(static_cast<double>(rows) / seconds)
              << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "bench_storage: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
