// Roles on a live board: viewers are refused, and owners' changes to someone's access take
// effect at once on that person's open sessions.
#include "board_actor_fixture.hpp"

namespace cc::sync {
namespace {

using model::Role;

bool has_error(Received const& r, std::string_view code, std::string_view batch) {
  return r.type() == "error" && str(r.message.at("code")) == code && r.message.contains("batch") &&
         str(r.message.at("batch")) == batch;
}

TEST_F(BoardActorTest, WelcomeAndPresenceCarryTheRole) {
  auto v = join("roles", "cv", 0, "Vi", Role::kViewer, "u-vi");
  auto welcome = v.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("role"), "viewer");
  auto presence = v.conn->of_type("presence").at(0).message;
  auto const& peer = presence.at("peers").as_array().at(0).as_object();
  EXPECT_EQ(peer.at("user"), "u-vi");
  EXPECT_EQ(peer.at("role"), "viewer");
  leave(v);
}

TEST_F(BoardActorTest, ViewerOpsAreRefusedAndChangeNothing) {
  auto e = join("view", "ce");
  auto v = join("view", "cv", 0, "", Role::kViewer);
  ASSERT_GT(submit_acked(e, "e1", "[" + rect("r1", 1) + "]"), 0u);

  v.actor->submit("cv", ops_message("v1", "[" + rect("r2", 2) + "]"));
  ASSERT_TRUE(v.conn->wait_for([](Messages const& m) {
    return std::any_of(m.begin(), m.end(), [](Received const& r) { return has_error(r, "forbidden", "v1"); });
  }));
  // Nothing reached the board, the journal or the editor.
  auto state = this->read("view");
  ASSERT_TRUE(state);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1"}));
  EXPECT_EQ(count_type(e.conn->received(), "ops"), 0u);
  EXPECT_TRUE(v.conn->closes().empty()) << "a refused batch does not close the connection";
  leave(v);
  leave(e);
}

TEST_F(BoardActorTest, DemotedEditorIsToldAndTheirNextBatchIsRefused) {
  auto owner = join("demote", "co", 0, "Ann", Role::kOwner, "u-ann");
  auto bo = join("demote", "cb", 0, "Bo", Role::kEditor, "u-bo");
  ASSERT_GT(submit_acked(bo, "b1", "[" + rect("r1", 1) + "]"), 0u);

  owner.actor->set_role("u-bo", Role::kViewer);
  ASSERT_TRUE(bo.conn->wait_for(has_type("role")));
  EXPECT_EQ(bo.conn->of_type("role").at(0).message.at("role"), "viewer");
  // Peers see the new badge.
  ASSERT_TRUE(owner.conn->wait_for([](Messages const& m) {
    return std::any_of(m.begin(), m.end(), [](Received const& r) {
      if (r.type() != "presence") return false;
      for (auto const& p : r.message.at("peers").as_array()) {
        if (p.as_object().at("user") == "u-bo" && p.as_object().at("role") == "viewer") return true;
      }
      return false;
    });
  }));

  bo.actor->submit("cb", ops_message("b2", "[" + rect("r2", 2) + "]"));
  ASSERT_TRUE(bo.conn->wait_for([](Messages const& m) {
    return std::any_of(m.begin(), m.end(), [](Received const& r) { return has_error(r, "forbidden", "b2"); });
  }));
  // A batch applied while Bo could edit, re-sent after the demotion, is acknowledged as what
  // it was rather than refused.
  bo.actor->submit("cb", ops_message("b1", "[" + rect("r1", 1) + "]"));
  ASSERT_TRUE(bo.conn->wait_for(has_ack("b1", 2)));

  owner.actor->set_role("u-bo", Role::kEditor);
  ASSERT_TRUE(bo.conn->wait_for(has_type("role", 2)));
  ASSERT_GT(submit_acked(bo, "b3", "[" + rect("r3", 3) + "]"), 0u);
  auto state = this->read("demote");
  ASSERT_TRUE(state);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1", "r3"}));
  leave(bo);
  leave(owner);
}

TEST_F(BoardActorTest, RemovedUserIsClosedAndOthersSeeThemLeave) {
  auto owner = join("remove", "co", 0, "Ann", Role::kOwner, "u-ann");
  auto bo1 = join("remove", "cb1", 0, "Bo", Role::kEditor, "u-bo");
  auto bo2 = join("remove", "cb2", 0, "Bo", Role::kEditor, "u-bo");  // a second tab

  owner.actor->remove_user("u-bo", CloseCode::kForbidden, "access removed");
  ASSERT_TRUE(bo1.conn->wait_for_close());
  ASSERT_TRUE(bo2.conn->wait_for_close());
  EXPECT_EQ(bo1.conn->closes().at(0).first, CloseCode::kForbidden);
  EXPECT_EQ(bo2.conn->closes().at(0).first, CloseCode::kForbidden);
  ASSERT_TRUE(owner.conn->wait_for(has_type("leave", 2)));
  EXPECT_TRUE(owner.conn->closes().empty());

  // Their connection's late batch meets no session and changes nothing.
  bo1.actor->submit("cb1", ops_message("late", "[" + rect("r9", 9) + "]"));
  ASSERT_GT(submit_acked(owner, "o1", "[" + rect("r1", 1) + "]"), 0u);
  auto state = this->read("remove");
  ASSERT_TRUE(state);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1"}));
  registry().detach("remove");
  registry().detach("remove");
  leave(owner);
}

TEST_F(BoardActorTest, CloseAllClosesEverySession) {
  auto a = join("deleted", "ca", 0, "", Role::kOwner);
  auto b = join("deleted", "cb", 0, "", Role::kViewer);
  a.actor->close_all(CloseCode::kNotFound, "board deleted");
  ASSERT_TRUE(a.conn->wait_for_close());
  ASSERT_TRUE(b.conn->wait_for_close());
  EXPECT_EQ(a.conn->closes().at(0).first, CloseCode::kNotFound);
  EXPECT_EQ(b.conn->closes().at(0).first, CloseCode::kNotFound);
  registry().detach("deleted");
  registry().detach("deleted");
}

}  // namespace
}  // namespace cc::sync
