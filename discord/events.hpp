// Typed gateway events that the account actor consumes. The gateway client
// parses dispatches into these on its io thread (discord/event_parser.hpp),
// so no JSON crosses into the actor system.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::discord {

enum class event_kind : std::uint8_t {
  interaction_create,
  interaction_success,
  interaction_failure,
  interaction_modal_create,
  interaction_iframe_modal_create,
  message_create,
  message_update,
  message_delete,
};

struct embed {
  std::string title;
  std::string description;
  std::string footer;
  std::int64_t color = 0;
  std::string image_url;
  friend bool operator==(const embed&, const embed&) = default;
};

struct attachment {
  std::string id;
  std::string filename;
  std::string url;
  std::string proxy_url;
  int width = 0;
  int height = 0;
  friend bool operator==(const attachment&, const attachment&) = default;
};

/// One option of a select menu (type 3), e.g. MJ::Settings::VersionSelector.
struct select_option {
  std::string label;
  std::string value;
  bool is_default = false;  ///< "default": true marks the current choice
  friend bool operator==(const select_option&, const select_option&) = default;
};

/// A select menu with its options (the menu is also listed in `buttons`).
struct select_menu {
  std::string custom_id;
  std::vector<select_option> options;
  friend bool operator==(const select_menu&, const select_menu&) = default;
};

/// One relevant dispatch (INTERACTION_* or MESSAGE_*), already filtered by
/// type; fields that the event lacks stay empty.
struct gateway_event {
  event_kind kind = event_kind::message_create;
  std::int64_t seq = 0;  ///< gateway "s"
  // INTERACTION_* and messages
  std::string id;     ///< interaction id or message id
  std::string nonce;  ///< may be empty
  // messages
  std::string channel_id;
  std::string author_id;
  bool author_is_bot = false;
  std::string content;
  int flags = 0;
  int type = 0;
  std::vector<attachment> attachments;
  std::vector<embed> embeds;
  std::vector<domain::button> buttons;  ///< flattened components with a custom_id
  std::vector<std::string> link_urls;   ///< url of link buttons (style 5)
  std::vector<select_menu> selects;     ///< select menus with their options
  std::string interaction_metadata_id;  ///< interaction_metadata.id, else interaction.id
  std::string interaction_name;         ///< interaction_metadata.name / interaction.name
  std::string interaction_user_id;
  std::string interacted_message_id;
  /// interaction_metadata.triggering_interaction_metadata.id (modal submits)
  std::string triggering_interaction_id;
  std::string referenced_message_id;  ///< message_reference.message_id
  std::string custom_id;              ///< modal events
  std::string title;                  ///< modal events
  std::string field_custom_id;        ///< modal: the first text input's custom_id
  std::string field_value;            ///< modal: its prefilled value ("" if none)
  std::string iframe_path;            ///< iframe modal: iframe_path ("" if absent)
  std::string application_id;         ///< modal events: application.id
  bool partial = false;               ///< MESSAGE_UPDATE without content
  friend bool operator==(const gateway_event&, const gateway_event&) = default;
};

/// What READY told us.
struct ready_info {
  std::string session_id;
  std::string user_id;
  std::string username;
  std::string resume_gateway_url;
};

/// Connection state reported by the gateway client (discord-midjourney-protocol.md §4.3/§4.4).
enum class link_state : std::uint8_t {
  connecting,  ///< opening / identifying / resuming
  ready,       ///< READY or RESUMED received
  backoff,     ///< waiting before the next attempt
  disabled,    ///< authentication failed (4004, 4010–4014): no reconnect
};

}  // namespace mjgate::discord
