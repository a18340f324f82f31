// Validation of the smaller CRM records: companies, custom fields, relationships, interactions,
// tasks and notes.
#include <gtest/gtest.h>

#include "domain/company.hpp"
#include "domain/custom_field.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/task.hpp"

namespace tertulia::domain {
namespace {

std::vector<std::string> Fields(const Status& status) {
  std::vector<std::string> out;
  if (!status.ok()) {
    for (const auto& f : status.error().fields()) out.push_back(f.field);
  }
  return out;
}

TEST(CompanyTest, NormalizesTheDomain) {
  Company c;
  c.name = "  Acme Ibérica ";
  c.domain = "https://www.ACME.es/contacto";
  c.country = "ES";
  c.size_band = SizeBand::k51To200;
  ASSERT_TRUE(NormalizeAndValidate(c, {}).ok());
  EXPECT_EQ(c.name, "Acme Ibérica");
  EXPECT_EQ(*c.domain, "acme.es");
  EXPECT_EQ(EnumName(SizeBand::kOver1000), "1000+");
  EXPECT_EQ(ParseEnum<SizeBand>("11-50"), SizeBand::k11To50);
  Company bad;
  bad.domain = "not a domain";
  bad.country = "ESP";
  EXPECT_EQ(Fields(NormalizeAndValidate(bad, {})),
            (std::vector<std::string>{"name", "domain", "country"}));
}

TEST(CustomFieldTest, ValidatesValuesAgainstDefinitions) {
  std::vector<CustomFieldDef> defs(5);
  defs[0].key = "budget";
  defs[0].type = CustomFieldType::kNumber;
  defs[1].key = "region";
  defs[1].type = CustomFieldType::kEnum;
  defs[1].options = {"Norte", "Sur"};
  defs[2].key = "renewal";
  defs[2].type = CustomFieldType::kDate;
  defs[3].key = "partner";
  defs[3].type = CustomFieldType::kBoolean;
  defs[4].key = "site";
  defs[4].type = CustomFieldType::kUrl;
  FieldErrors good;
  ValidateCustomValues({{"budget", 1500.0},
                        {"region", std::string("Sur")},
                        {"renewal", std::string("2027-01-31")},
                        {"partner", true},
                        {"site", std::string("https://acme.es")}},
                       defs, good);
  EXPECT_TRUE(good.empty());
  FieldErrors bad;
  ValidateCustomValues({{"budget", std::string("lots")},
                        {"region", std::string("Este")},
                        {"renewal", std::string("31/01/2027")},
                        {"partner", 1.0},
                        {"site", std::string("acme")},
                        {"colour", std::string("red")}},
                       defs, bad);
  EXPECT_EQ(Fields(bad.ToStatus("x")),
            (std::vector<std::string>{"customFields.budget", "customFields.colour",
                                      "customFields.partner", "customFields.region",
                                      "customFields.renewal", "customFields.site"}));
}

TEST(CustomFieldTest, ValidatesDefinitions) {
  CustomFieldDef def;
  def.key = "Bad Key";
  def.label = "";
  def.type = CustomFieldType::kEnum;
  EXPECT_EQ(Fields(Validate(def)), (std::vector<std::string>{"key", "label", "options"}));
  def.key = "tier";
  def.label = "Tier";
  def.options = {"gold", "gold"};
  EXPECT_EQ(Fields(Validate(def)), (std::vector<std::string>{"options[0]", "options[1]"}));
}

TEST(RelationshipTest, Validates) {
  Relationship r;
  r.from_contact_id = "a";
  r.to_contact_id = "a";
  r.strength = 1.5;
  EXPECT_EQ(Fields(NormalizeAndValidate(r)), (std::vector<std::string>{"toContactId", "strength"}));
  EXPECT_TRUE(IsDirectedKind(RelationshipKind::kReportsTo));
  EXPECT_FALSE(IsDirectedKind(RelationshipKind::kColleague));
}

TEST(InteractionTest, NeedsAContactAndSummarises) {
  Interaction in;
  in.channel = Channel::kCall;
  EXPECT_EQ(Fields(NormalizeAndValidate(in)), (std::vector<std::string>{"participants"}));
  in.participants = {{ParticipantType::kUser, "u1", std::nullopt}};
  EXPECT_EQ(Fields(NormalizeAndValidate(in)), (std::vector<std::string>{"participants"}));
  in.participants.push_back({ParticipantType::kContact, "c1", std::nullopt});
  in.duration_sec = -1;
  EXPECT_EQ(Fields(NormalizeAndValidate(in)), (std::vector<std::string>{"durationSec"}));
  in.duration_sec = 300;
  ASSERT_TRUE(NormalizeAndValidate(in).ok());
  EXPECT_EQ(in.Summary(), "call");
  in.body = "Called about\n the renewal; they want a discount of 10% for a three-year term.";
  EXPECT_EQ(in.Summary(),
            "Called about the renewal; they want a discount of 10% for a three-year term.");
  EXPECT_EQ(Excerpt("ñandú ñandú", 5), "ñandú…");
}

TEST(TaskAndNoteTest, Validate) {
  Task task;
  task.linked = RecordLink{RecordType::kNote, "x"};
  EXPECT_EQ(Fields(NormalizeAndValidate(task)),
            (std::vector<std::string>{"title", "linkedRecord.type"}));
  Note note;
  note.body = "   ";
  EXPECT_EQ(Fields(NormalizeAndValidate(note)), (std::vector<std::string>{"body"}));
}

}  // namespace
}  // namespace tertulia::domain
