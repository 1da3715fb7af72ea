// AccountStore contract: the activity log, and account writes alongside journal commits.
#include "account_store_contract.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <memory>
#include <thread>

namespace cc::store::testing {
namespace {

TEST_P(AccountStoreContract, ActivityIsNewestFirstAndPagesWithBefore) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "Two"), "ada", kT0)));
  std::int64_t t = kT0;
  ASSERT_TRUE(Ok(accounts().update_board("b1", "Renamed", std::nullopt, "ada", ++t)));
  ASSERT_TRUE(Ok(accounts().update_board("b2", "Other", std::nullopt, "ada", ++t)));  // another board's
  ASSERT_TRUE(Ok(accounts().update_board("b1", std::nullopt, "Text", "ada", ++t)));
  ++t;
  ASSERT_TRUE(Ok(accounts().create_invite(
      Invite{"i1", "b1", "bo@example.com", model::Role::kEditor, "h1", "ada", t, t + 1000}, t)));
  ASSERT_TRUE(Ok(accounts().accept_invite("h1", "bo", ++t)));
  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "bo", model::Role::kViewer, "ada", ++t)));
  ++t;
  ASSERT_TRUE(Ok(accounts().create_link(ShareLink{"l1", "b1", model::Role::kViewer, "tok", "ada", t}, t)));
  ASSERT_TRUE(Ok(accounts().revoke_link("b1", "l1", "ada", ++t)));
  ASSERT_TRUE(Ok(accounts().remove_member("b1", "bo", "ada", ++t)));
  ASSERT_TRUE(Ok(accounts().delete_board("b1", "ada", ++t)));
  ASSERT_TRUE(Ok(accounts().restore_board("b1", "ada", ++t, 0)));

  std::vector<std::string> const expected_types{
      "restored",      "deleted",        "member_removed", "link_revoked", "link_created", "role_changed",
      "member_joined", "member_invited", "described",      "renamed",      "created",
  };
  auto const all = activity("b1");
  ASSERT_EQ(activity_types("b1"), expected_types);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i].id, all[i - 1].id);
    EXPECT_LE(all[i].at_ms, all[i - 1].at_ms);
  }
  for (auto const& e : all) {
    EXPECT_EQ(e.board, "b1");
    EXPECT_TRUE(boost::json::parse(e.detail_json).is_object()) << e.type << ": " << e.detail_json;
    EXPECT_EQ(e.actor.id, e.type == "member_joined" ? "bo" : "ada") << e.type;
    EXPECT_EQ(e.actor.name, e.type == "member_joined" ? "Bo" : "Ada") << e.type;
  }
  EXPECT_EQ(all.front().at_ms, t);

  // Pages of 4, each starting before the last id seen, give the whole log once.
  std::vector<std::string> paged;
  std::int64_t before = 0;
  for (int page = 0; page < 10; ++page) {
    auto const events = get(accounts().list_activity("b1", before, 4));
    EXPECT_LE(events.size(), 4u);
    if (events.empty()) break;
    for (auto const& e : events) paged.push_back(e.type);
    before = events.back().id;
  }
  EXPECT_EQ(paged, expected_types);

  auto const after_first = get(accounts().list_activity("b1", all[0].id, 2));
  ASSERT_EQ(after_first.size(), 2u);
  EXPECT_EQ(after_first[0].id, all[1].id);
  EXPECT_EQ(after_first[1].id, all[2].id);
  EXPECT_TRUE(get(accounts().list_activity("b1", all.back().id, 10)).empty());
  EXPECT_TRUE(get(accounts().list_activity("b1", 0, 0)).empty());
  EXPECT_TRUE(get(accounts().list_activity("nope", 0, 10)).empty());
  EXPECT_EQ(activity_types("b2"), (std::vector<std::string>{"renamed", "created"}));
}

TEST_P(AccountStoreContract, ActivityDetailsCarryUserTextVerbatim) {
  std::string const tricky = R"(Bo "the \ one", {"x":1} ', --)";
  ASSERT_TRUE(Ok(accounts().create_user(user_named("ada", "Ada"))));
  ASSERT_TRUE(Ok(accounts().create_user(user_named("bo", tricky))));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().update_board("b1", tricky, std::nullopt, "ada", kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().create_invite(
      Invite{"i1", "b1", tricky + "@example.com", model::Role::kEditor, "h1", "ada", kT0, kT0 + 1000},
      kT0 + 2)));
  ASSERT_TRUE(Ok(accounts().accept_invite("h1", "bo", kT0 + 3)));
  ASSERT_TRUE(Ok(accounts().remove_member("b1", "bo", "ada", kT0 + 4)));

  auto const events = activity("b1");
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(boost::json::parse(events[0].detail_json).at("user").at("name").as_string(), tricky);
  EXPECT_EQ(events[1].actor.name, tricky);
  EXPECT_EQ(boost::json::parse(events[2].detail_json).at("email").as_string(), tricky + "@example.com");
  EXPECT_EQ(boost::json::parse(events[3].detail_json).at("to").as_string(), tricky);
  EXPECT_EQ(get(accounts().find_board("b1"))->name, tricky);
}

// Account changes from one thread while the journal writer commits from another: both go
// through, each waiting its turn for the database's write lock rather than failing.
TEST_P(AccountStoreContract, AccountWritesAndJournalCommitsRunTogether) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("hot", "Hot"), "ada", kT0)));
  BoardStore& journal = boards();

  constexpr int kRounds = 60;
  std::atomic<int> journal_failures{0};
  std::atomic<bool> accounts_done{false};
  std::uint64_t appended = 0;
  std::thread writer([&] {
    // Keeps committing until the account side is done, at least kRounds times.
    while (!accounts_done.load() || appended < kRounds) {
      std::vector<JournalEntry> batch;
      for (int i = 0; i < 5; ++i) {
        JournalEntry e;
        e.board = "hot";
        e.seq = ++appended;
        e.batch_id = "b" + std::to_string(e.seq);
        e.author = "c";
        e.ops_json = std::make_shared<const std::string>(R"([{"op":"create","id":"x"}])");
        batch.push_back(std::move(e));
      }
      if (journal.append(batch).has_error()) journal_failures.fetch_add(1);
    }
  });

  int account_failures = 0;
  for (int i = 0; i < kRounds; ++i) {
    std::string const id = "b" + std::to_string(i);
    if (!Ok(accounts().create_board(board_named(id, "Board " + std::to_string(i)), "ada", kT0 + i))) {
      ++account_failures;
    }
    if (!Ok(accounts().update_board("hot", "Hot " + std::to_string(i), std::nullopt, "ada", kT0 + i))) {
      ++account_failures;
    }
    if (!Ok(accounts().add_refresh_token(
            refresh_token("t" + std::to_string(i), "f" + std::to_string(i), "bo", kT0, kT0 + 1000)))) {
      ++account_failures;
    }
    if (!get(accounts().role_of("hot", "ada", false)).has_value()) ++account_failures;
  }
  accounts_done.store(true);
  writer.join();

  EXPECT_EQ(account_failures, 0);
  EXPECT_EQ(journal_failures.load(), 0);
  EXPECT_EQ(get(accounts().list_boards(BoardQueryFor("ada"))).total, static_cast<std::size_t>(kRounds + 1));
  auto image = get(journal.load_board("hot"));
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->journal.size(), appended);
  auto const hot = get(accounts().find_board("hot"));
  EXPECT_EQ(hot->seq, appended);
  EXPECT_EQ(hot->name, "Hot " + std::to_string(kRounds - 1));
}

}  // namespace
}  // namespace cc::store::testing
