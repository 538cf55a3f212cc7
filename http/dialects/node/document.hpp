// The node-api task document (api-contracts.md §6.4): what fetch and list
// return and what node-origin callbacks post. Pure renderers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/task.hpp"
#include "http/dialects/node/options.hpp"

namespace mjgate::http::node {

/// The progress rule of §6.4: "" while NOT_START; "NN%" while running
/// ("0%" until the first update); "done" at SUCCESS; the last value shown
/// on FAILURE/CANCEL ("" when the task never left its queue). Legacy style:
/// "" until "done".
std::string progress_text(const domain::task& t, progress_style style);

/// NOT_START; SUBMITTED, MODAL, IN_PROGRESS → IN_PROGRESS; SUCCESS;
/// FAILURE and CANCEL → FAILURE.
std::string_view status_text(domain::task_status s);

/// The document with its keys in the §6.4 order: _id, index, action,
/// prompt, promptEn, taskId, uri, hash, content, progress, description,
/// submitTime, creationTime, startTime, finishTime, state, notifyHook,
/// imageUrl, status, failReason, messageId.
nlohmann::ordered_json document(const domain::task& t, progress_style style);

/// document() as compact JSON text (raw UTF-8).
std::string render_document(const domain::task& t, progress_style style);

/// A bare JSON array of documents, in the given order.
std::string render_documents(const std::vector<domain::task>& ts, progress_style style);

}  // namespace mjgate::http::node
