#include "service/maven_import.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/csv.hpp"

namespace tertulia::service {
namespace {

using Table = std::vector<std::map<std::string, std::string>>;

Result<Table> ReadTable(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error::NotFound(fmt::format("cannot read {}", file.string()));
  std::stringstream text;
  text << in.rdbuf();
  auto records = ParseCsv(text.str());
  if (records.empty()) return Error::InvalidArgument(fmt::format("{} is empty", file.string()));
  Table table;
  for (size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < records[0].size() && c < records[r].size(); ++c) {
      row[records[0][c]] = records[r][c];
    }
    table.push_back(std::move(row));
  }
  return table;
}

std::string EmailOf(std::string_view name) {
  std::string email;
  for (char c : name)
    email += c == ' ' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return email + "@maven.example";
}

std::string SizeBand(std::string_view employees) {
  long n = std::atol(std::string(employees).c_str());
  if (n <= 10) return "1-10";
  if (n <= 50) return "11-50";
  if (n <= 200) return "51-200";
  if (n <= 1000) return "201-1000";
  return "1000+";
}

Result<Timestamp> Midnight(std::string_view date) {
  TT_ASSIGN_OR_RETURN(Date d, ParseDate(date));
  return Timestamp{std::chrono::sys_days(d)};
}

template <typename T>
std::string RenderNothing(const T&) {
  return {};
}

Result<std::map<std::string, std::string>> ImportUsers(App& app, const RequestContext& ctx,
                                                       const Table& teams,
                                                       MavenImportReport& report) {
  std::map<std::string, std::string> ids;                   // name -> user id
  std::map<std::string, std::vector<std::string>> members;  // manager -> agents
  auto add = [&](const std::string& name, domain::Role role) -> Status {
    if (ids.contains(name)) return OkStatus();
    TT_ASSIGN_OR_RETURN(auto created, app.users().Create(
                                          ctx,
                                          [&](domain::User& u) {
                                            u.email = EmailOf(name);
                                            u.name = name;
                                            u.role = role;
                                            return OkStatus();
                                          },
                                          RenderNothing<domain::User>));
    ids[name] = created.record->meta.id;
    ++report.users;
    return OkStatus();
  };
  for (const auto& row : teams) {
    TT_RETURN_IF_ERROR(add(row.at("manager"), domain::Role::kManager));
    TT_RETURN_IF_ERROR(add(row.at("sales_agent"), domain::Role::kRep));
    members[row.at("manager")].push_back(ids[row.at("sales_agent")]);
  }
  for (const auto& [manager, agents] : members) {
    TT_ASSIGN_OR_RETURN(auto team, app.teams().Create(
                                       ctx,
                                       [&](domain::Team& t) {
                                         t.name = manager + "'s team";
                                         t.manager_id = ids[manager];
                                         t.member_ids = agents;
                                         return OkStatus();
                                       },
                                       RenderNothing<domain::Team>));
    (void)team;
    ++report.teams;
  }
  return ids;
}

Result<std::map<std::string, std::string>> ImportAccounts(App& app, const RequestContext& ctx,
                                                          const Table& accounts,
                                                          MavenImportReport& report) {
  std::map<std::string, std::string> ids;
  for (const auto& row : accounts) {
    TT_ASSIGN_OR_RETURN(auto created, app.companies().Create(
                                          ctx,
                                          [&](domain::Company& c) {
                                            c.name = row.at("account");
                                            if (!row.at("sector").empty())
                                              c.industry = row.at("sector");
                                            c.size_band = domain::ParseEnum<domain::SizeBand>(
                                                SizeBand(row.at("employees")));
                                            return OkStatus();
                                          },
                                          RenderNothing<domain::Company>));
    ids[row.at("account")] = created.record->meta.id;
    ++report.companies;
  }
  return ids;
}

Result<std::string> CreatePipeline(App& app, const RequestContext& ctx) {
  TT_ASSIGN_OR_RETURN(auto created,
                      app.pipelines().Create(
                          ctx,
                          [](domain::Pipeline& p) {
                            p.name = "Maven sales";
                            p.description = "Imported from the Maven Analytics CRM sample";
                            p.stages = {
                                {"prospecting", "Prospecting", 10, 30, domain::StageKind::kOpen},
                                {"engaging", "Engaging", 40, 60, domain::StageKind::kOpen},
                                {"won", "Won", 100, std::nullopt, domain::StageKind::kWon},
                                {"lost", "Lost", 0, std::nullopt, domain::StageKind::kLost}};
                            return OkStatus();
                          },
                          RenderNothing<domain::Pipeline>));
  return created.record->meta.id;
}

struct Lookups {
  std::map<std::string, std::string> users;
  std::map<std::string, std::string> companies;
  std::map<std::string, int64_t> prices;  // product -> USD cents
  std::string pipeline_id;
};

// One deal: the opportunity as it was opened, and the moves that closed it.
Result<std::pair<domain::Opportunity, std::vector<OpportunityService::Move>>> DealOf(
    const std::map<std::string, std::string>& row, const Lookups& at, size_t line, Timestamp now,
    std::vector<std::string>& warnings) {
  domain::Opportunity o;
  const auto& product = row.at("product");
  const auto& account = row.at("account");
  o.name = fmt::format("{} — {}", product, account.empty() ? "(no account)" : account);
  o.pipeline_id = at.pipeline_id;
  o.source = "maven import " + row.at("opportunity_id");
  auto usd = *Currency::FromCode("USD");
  auto price = at.prices.find(product);
  if (price == at.prices.end()) {
    warnings.push_back(
        fmt::format("sales_pipeline.csv:{}: product \"{}\" is not in products.csv", line, product));
  }
  const auto& value = row.at("close_value");
  int64_t cents = !value.empty()             ? std::atoll(value.c_str()) * 100
                  : price != at.prices.end() ? price->second
                                             : 0;
  o.amount = Money{cents, usd};
  if (auto owner = at.users.find(row.at("sales_agent")); owner != at.users.end()) {
    o.owner_id = owner->second;
  }
  if (auto company = at.companies.find(account); company != at.companies.end()) {
    o.company_id = company->second;
  } else if (!account.empty()) {
    warnings.push_back(
        fmt::format("sales_pipeline.csv:{}: account \"{}\" is not in accounts.csv", line, account));
  }
  const auto& stage = row.at("deal_stage");
  std::vector<OpportunityService::Move> moves;
  if (stage == "Prospecting") {
    o.stage_id = "prospecting";
    o.meta.created_at = now;
    o.stage_entered_at = now;
    return std::make_pair(std::move(o), std::move(moves));
  }
  TT_ASSIGN_OR_RETURN(Timestamp engaged, Midnight(row.at("engage_date")));
  o.stage_id = "engaging";
  o.meta.created_at = engaged;
  o.stage_entered_at = engaged;
  if (stage == "Won" || stage == "Lost") {
    TT_ASSIGN_OR_RETURN(Timestamp closed, Midnight(row.at("close_date")));
    moves.push_back(
        {stage == "Won" ? "won" : "lost", closed,
         stage == "Lost" ? std::optional<std::string>("lost (imported)") : std::nullopt});
  }
  return std::make_pair(std::move(o), std::move(moves));
}

}  // namespace

Result<MavenImportReport> ImportMaven(
    App& app, const RequestContext& ctx, const std::filesystem::path& dir,
    const std::function<void(std::string_view stage, size_t done, size_t total)>& progress) {
  MavenImportReport report;
  TT_ASSIGN_OR_RETURN(auto teams, ReadTable(dir / "sales_teams.csv"));
  TT_ASSIGN_OR_RETURN(auto accounts, ReadTable(dir / "accounts.csv"));
  TT_ASSIGN_OR_RETURN(auto products, ReadTable(dir / "products.csv"));
  TT_ASSIGN_OR_RETURN(auto deals, ReadTable(dir / "sales_pipeline.csv"));
  Lookups at;
  TT_ASSIGN_OR_RETURN(at.users, ImportUsers(app, ctx, teams, report));
  TT_ASSIGN_OR_RETURN(at.companies, ImportAccounts(app, ctx, accounts, report));
  for (const auto& row : products) {
    at.prices[row.at("product")] = std::atoll(row.at("sales_price").c_str()) * 100;
  }
  TT_ASSIGN_OR_RETURN(at.pipeline_id, CreatePipeline(app, ctx));
  report.pipeline_id = at.pipeline_id;
  const Timestamp now = app.clock().Now();
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < deals.size(); start += kChunk) {
    TT_ASSIGN_OR_RETURN(auto tx, app.db().BeginWrite());
    for (size_t i = start; i < std::min(deals.size(), start + kChunk); ++i) {
      TT_ASSIGN_OR_RETURN(auto deal, DealOf(deals[i], at, i + 2, now, report.warnings));
      TT_RETURN_IF_ERROR(app.opportunities().ImportInTx(*tx, ctx, deal.first, deal.second));
      ++report.opportunities;
    }
    TT_RETURN_IF_ERROR(tx->Commit());
    if (progress) progress("opportunities", report.opportunities, deals.size());
  }
  return report;
}

}  // namespace tertulia::service
