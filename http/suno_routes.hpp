// The task center's routes (api-contracts.md §5.1): POST /suno/submit/{action},
// POST /suno/fetch, GET /suno/fetch/{id}. Thin handlers: authenticate (API
// key) → parse (http/dialects/suno) → ask the task center → render.
#pragma once

#include <string_view>

#include <restinio/request_handler.hpp>

#include "http/bridge.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

/// Answers `req` through `r` and returns true when `path` (normalised) is
/// under /suno/; returns false and leaves `r` alone otherwise.
bool dispatch_suno(const route_context& ctx, const restinio::request_handle_t& req,
                   std::string_view path, const responder_ptr& r);

}  // namespace mjgate::http
