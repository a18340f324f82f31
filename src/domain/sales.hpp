#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/company.hpp"
#include "domain/custom_field.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

// The sales process: pipelines of stages ("from yes to yes") and the opportunities moving
// through them.
namespace tertulia::domain {

enum class StageKind { kOpen, kWon, kLost };
template <>
inline constexpr auto kEnumNames<StageKind> = std::to_array<std::string_view>({"open", "won",
                                                                               "lost"});

struct Stage {
  std::string id;               // [a-z0-9_-]{1,40}, unique in the pipeline; from the name if empty
  std::string name;             // 1..100
  int probability = 0;          // win probability, 0..100
  std::optional<int> rot_days;  // an open opportunity longer than this in the stage is stale
  StageKind kind = StageKind::kOpen;

  friend bool operator==(const Stage&, const Stage&) = default;
};

struct Pipeline {
  RecordMeta meta;
  std::string name;                        // 1..200
  std::optional<std::string> description;  // <= 2,000
  std::vector<Stage> stages;               // in order; at least one open stage
  // What the pipeline is for: new opportunities of this segment, size band or campaign default
  // to it.
  std::optional<std::string> segment;
  std::optional<SizeBand> size_band;
  std::optional<std::string> campaign_id;

  const Stage* FindStage(std::string_view stage_id) const;
};

// Trims, fills missing stage ids from their names, and checks every field.
Status NormalizeAndValidate(Pipeline& pipeline);

// The stages of `before` that `after` no longer has (deleting them needs a target stage when
// they hold opportunities).
std::vector<std::string> RemovedStages(const Pipeline& before, const Pipeline& after);

enum class OpportunityStatus { kOpen, kWon, kLost };
template <>
inline constexpr auto kEnumNames<OpportunityStatus> =
    std::to_array<std::string_view>({"open", "won", "lost"});

enum class ContactRole { kDecisionMaker, kInfluencer, kUser, kChampion, kBlocker };
template <>
inline constexpr auto kEnumNames<ContactRole> = std::to_array<std::string_view>(
    {"decision_maker", "influencer", "user", "champion", "blocker"});

struct OpportunityContact {
  std::string contact_id;
  std::optional<ContactRole> role;

  friend bool operator==(const OpportunityContact&, const OpportunityContact&) = default;
};

struct Opportunity {
  RecordMeta meta;
  std::string name;  // 1..300
  std::string pipeline_id;
  std::string stage_id;
  Money amount{0, *Currency::FromCode("EUR")};
  std::optional<Date> expected_close;
  std::optional<std::string> company_id;
  std::vector<OpportunityContact> contacts;  // <= 50, each contact once
  std::optional<std::string> owner_id;
  std::optional<std::string> source;                    // <= 100
  std::optional<std::string> campaign_id;               // <= 100
  std::optional<std::string> segment;                   // <= 100
  OpportunityStatus status = OpportunityStatus::kOpen;  // follows the stage's kind
  std::optional<std::string> lost_reason;               // <= 500; required when lost
  Timestamp stage_entered_at{};                         // when it entered its current stage
  std::optional<Timestamp> closed_at;                   // when it was won or lost
  CustomValues custom;
};

// Checks the fields against `pipeline` (the stage must be one of it) and sets the status from
// the stage's kind: won or lost needs a stage of that kind, and lost needs a reason.
Status NormalizeAndValidate(Opportunity& opportunity, const Pipeline& pipeline,
                            std::span<const CustomFieldDef> defs);

// An open opportunity longer than its stage's rotDays in it.
bool IsRotting(const Opportunity& opportunity, const Pipeline& pipeline, Timestamp now);

// One move of an opportunity from a stage to another: who, when, from and to.
struct StageChange {
  std::string id;
  std::string workspace_id;
  std::string opportunity_id;
  std::string pipeline_id;
  std::optional<std::string> from_stage;  // none when the opportunity was created
  std::string to_stage;
  Timestamp at{};
  std::optional<std::string> by;                // user
  Money amount{0, *Currency::FromCode("EUR")};  // the amount at the time of the move
};

}  // namespace tertulia::domain
