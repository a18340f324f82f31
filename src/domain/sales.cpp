#include "domain/sales.hpp"

#include <fmt/format.h>

#include <set>

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {
namespace {

// "Proposal sent" -> "proposal-sent".
std::string StageIdFrom(std::string_view name) {
  std::string folded = FoldForMatching(name);
  std::string id;
  for (char c : folded) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word)
      id += c;
    else if (!id.empty() && id.back() != '-')
      id += '-';
    if (id.size() == 40) break;
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "stage" : id;
}

bool IsStageId(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

void TrimOptional(std::optional<std::string>& value) {
  if (!value) return;
  value = std::string(Trim(*value));
  if (value->empty()) value.reset();
}

void ValidateStages(std::vector<Stage>& stages, FieldErrors& errors) {
  errors.Check(!stages.empty() && stages.size() <= 30, "stages", "must hold 1 to 30 stages");
  std::set<std::string> ids;
  bool any_open = false;
  for (size_t i = 0; i < stages.size(); ++i) {
    Stage& stage = stages[i];
    std::string at = fmt::format("stages[{}].", i);
    stage.name = std::string(Trim(stage.name));
    errors.Check(!stage.name.empty() && Utf8Length(stage.name) <= 100, at + "name",
                 "must be 1 to 100 characters");
    if (stage.id.empty()) {
      std::string base = StageIdFrom(stage.name);
      stage.id = base;
      for (int n = 2; ids.contains(stage.id); ++n) stage.id = fmt::format("{}-{}", base, n);
    }
    errors.Check(IsStageId(stage.id), at + "id", "must be 1 to 40 of a-z, 0-9, - and _");
    errors.Check(ids.insert(stage.id).second, at + "id", "is used by another stage");
    errors.Check(stage.probability >= 0 && stage.probability <= 100, at + "probability",
                 "must be 0 to 100");
    if (stage.rot_days) {
      errors.Check(*stage.rot_days >= 1 && *stage.rot_days <= 3650, at + "rotDays",
                   "must be 1 to 3650 days");
    }
    any_open = any_open || stage.kind == StageKind::kOpen;
  }
  errors.Check(stages.empty() || any_open, "stages", "need at least one open stage");
}

}  // namespace

const Stage* Pipeline::FindStage(std::string_view stage_id) const {
  for (const auto& stage : stages) {
    if (stage.id == stage_id) return &stage;
  }
  return nullptr;
}

Status NormalizeAndValidate(Pipeline& pipeline) {
  FieldErrors errors;
  pipeline.name = std::string(Trim(pipeline.name));
  errors.Check(!pipeline.name.empty() && Utf8Length(pipeline.name) <= 200, "name",
               "must be 1 to 200 characters");
  TrimOptional(pipeline.description);
  CheckLength(pipeline.description, "description", 2000, errors);
  TrimOptional(pipeline.segment);
  CheckLength(pipeline.segment, "segment", 100, errors);
  TrimOptional(pipeline.campaign_id);
  CheckLength(pipeline.campaign_id, "campaignId", 100, errors);
  ValidateStages(pipeline.stages, errors);
  return errors.ToStatus("invalid pipeline");
}

std::vector<std::string> RemovedStages(const Pipeline& before, const Pipeline& after) {
  std::vector<std::string> removed;
  for (const auto& stage : before.stages) {
    if (after.FindStage(stage.id) == nullptr) removed.push_back(stage.id);
  }
  return removed;
}

Status NormalizeAndValidate(Opportunity& o, const Pipeline& pipeline,
                            std::span<const CustomFieldDef> defs) {
  FieldErrors errors;
  o.name = std::string(Trim(o.name));
  errors.Check(!o.name.empty() && Utf8Length(o.name) <= 300, "name", "must be 1 to 300 characters");
  for (auto* field : {&o.source, &o.campaign_id, &o.segment}) TrimOptional(*field);
  CheckLength(o.source, "source", 100, errors);
  CheckLength(o.campaign_id, "campaignId", 100, errors);
  CheckLength(o.segment, "segment", 100, errors);
  TrimOptional(o.lost_reason);
  CheckLength(o.lost_reason, "lostReason", 500, errors);
  errors.Check(o.amount.minor >= 0, "amount.value", "must not be negative");
  errors.Check(o.contacts.size() <= 50, "contactIds", "must hold at most 50 contacts");
  std::set<std::string> seen;
  for (size_t i = 0; i < o.contacts.size(); ++i) {
    errors.Check(seen.insert(o.contacts[i].contact_id).second, fmt::format("contactIds[{}]", i),
                 "is listed twice");
  }
  const Stage* stage = pipeline.FindStage(o.stage_id);
  if (stage == nullptr) {
    errors.Add("stageId", fmt::format("is not a stage of pipeline {}", pipeline.meta.id));
  } else {
    o.status = stage->kind == StageKind::kWon    ? OpportunityStatus::kWon
               : stage->kind == StageKind::kLost ? OpportunityStatus::kLost
                                                 : OpportunityStatus::kOpen;
    errors.Check(o.status != OpportunityStatus::kLost || o.lost_reason.has_value(), "lostReason",
                 "is required to mark an opportunity lost");
  }
  if (o.status != OpportunityStatus::kLost) o.lost_reason.reset();
  ValidateCustomValues(o.custom, defs, errors);
  return errors.ToStatus("invalid opportunity");
}

bool IsRotting(const Opportunity& o, const Pipeline& pipeline, Timestamp now) {
  if (o.status != OpportunityStatus::kOpen) return false;
  const Stage* stage = pipeline.FindStage(o.stage_id);
  if (stage == nullptr || !stage->rot_days) return false;
  return now - o.stage_entered_at > std::chrono::days(*stage->rot_days);
}

}  // namespace tertulia::domain
