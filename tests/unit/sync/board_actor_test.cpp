// The board actor and registry: joins, batches, durability, catch-up, presence, restarts.
#include "board_actor_fixture.hpp"

namespace cc::sync {
namespace {

TEST_F(BoardActorTest, JoinAnEmptyBoard) {
  auto a = join("empty", "ca", 0, "Ada");
  auto messages = a.conn->received();
  ASSERT_GE(messages.size(), 2u);
  auto const& welcome = messages[0];
  ASSERT_EQ(welcome.type(), "welcome");
  EXPECT_EQ(welcome.message, (json::object{{"type", "welcome"},
                                           {"client", "ca"},
                                           {"role", "editor"},
                                           {"seq", 0},
                                           {"objects", json::array{}}}));
  EXPECT_FALSE(welcome.droppable);

  // The welcome comes with everyone's presence, in the same frame.
  auto const& presence = messages[1];
  ASSERT_EQ(presence.type(), "presence");
  EXPECT_EQ(presence.frame, welcome.frame);
  EXPECT_EQ(presence.message.at("peers"), (json::array{json::object{{"client", "ca"},
                                                                    {"user", "u-ca"},
                                                                    {"name", "Ada"},
                                                                    {"role", "editor"},
                                                                    {"cursor", nullptr},
                                                                    {"selection", json::array{}}}}));
  EXPECT_TRUE(a.conn->closes().empty());
  EXPECT_EQ(registry().open_boards(), 1u);
}

TEST_F(BoardActorTest, SubmitIsAckedToTheAuthorAndBroadcastToOthers) {
  auto a = join("b", "ca");
  auto b = join("b", "cb");

  a.actor->submit("ca", ops_message("batch1", "[" + rect("r1", 5) + "]"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("batch1")));
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(1)));

  auto ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_FALSE(ops[0].droppable);
  auto const& m = ops[0].message;
  EXPECT_EQ(m.size(), 4u) << json::serialize(m);
  EXPECT_EQ(m.at("type"), "ops");
  EXPECT_EQ(m.at("seq"), 1);
  EXPECT_EQ(m.at("client"), "ca");
  ASSERT_TRUE(m.at("ops").is_array());
  ASSERT_EQ(m.at("ops").get_array().size(), 1u);
  auto const& op = m.at("ops").get_array()[0].get_object();
  EXPECT_EQ(op.at("op"), "put");
  EXPECT_EQ(op.at("id"), "r1");
  EXPECT_EQ(op.at("kind"), "rect");
  EXPECT_EQ(op.at("props").at("x"), 5);
  EXPECT_TRUE(op.at("props").get_object().contains("z")) << "the server fills in z";
  EXPECT_EQ(b.conn->of_type("ack").size(), 0u);

  // The author gets an ack at seq 1, never the ops message; as the server chose the put's z,
  // the ack carries the effective ops, the same the others got.
  auto acks = a.conn->of_type("ack");
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].message,
            (json::object{{"type", "ack"}, {"batch", "batch1"}, {"seq", 1}, {"ops", m.at("ops")}}));
  EXPECT_FALSE(acks[0].droppable);
  // The ack and the broadcast leave in the same pass, so the author has had its chance to get
  // the ops by now: it must not.
  EXPECT_EQ(a.conn->of_type("ops").size(), 0u);

  // A batch that leaves the server nothing to choose is acked with batch and seq only.
  a.actor->submit(
      "ca", ops_message("batch2", R"([{"op":"set","id":"r1","props":{"x":6}},)"
                                  R"({"op":"put","id":"r2","kind":"rect","props":{"x":1,"y":1,"z":"a5"}}])"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("batch2")));
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(2)));
  EXPECT_EQ(a.conn->of_type("ack").at(1).message,
            (json::object{{"type", "ack"}, {"batch", "batch2"}, {"seq", 2}}));
  EXPECT_EQ(a.conn->of_type("ops").size(), 0u);
  EXPECT_EQ(b.conn->of_type("ops").at(1).message.at("ops").get_array().size(), 2u);

  // The ack and the ops were checked against the store when they were sent.
  EXPECT_GE(durability_checks_.load(), 2);
  auto image = store_->load_board("b");
  ASSERT_TRUE(image && image->has_value());
  ASSERT_EQ((*image)->journal.size(), 2u);
  EXPECT_EQ((*image)->journal[0].seq, 1u);
  EXPECT_EQ((*image)->journal[0].batch_id, "batch1");
  EXPECT_EQ((*image)->journal[0].author, "ca");
  EXPECT_EQ(json::parse(*(*image)->journal[0].ops_json), m.at("ops"));
  EXPECT_EQ(metrics_.batches_applied.load(), 2u);
  EXPECT_EQ(metrics_.ops_applied.load(), 3u);
}

TEST_F(BoardActorTest, PeersBatchesAreCoalescedButAcksAreNotHeldBack) {
  options_.broadcast_interval = std::chrono::milliseconds(300);
  auto a = join("coalesce", "ca");
  auto b = join("coalesce", "cb");
  // Each batch is acknowledged as soon as it is durable, long before the interval passes.
  auto const started = std::chrono::steady_clock::now();
  for (int i = 1; i <= 4; ++i) {
    ASSERT_EQ(submit_acked(a, "c" + std::to_string(i), "[" + rect("r" + std::to_string(i), i) + "]"),
              static_cast<std::uint64_t>(i));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250))
      << "acks waited for the broadcast interval";
  // B gets all four, in order: the first at once (the board had not flushed for long), the
  // rest together in one frame at the next flush.
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(4)));
  auto const ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 4u);
  for (std::size_t i = 0; i < ops.size(); ++i) EXPECT_EQ(ops[i].seq(), i + 1);
  EXPECT_EQ(ops[1].frame, ops[2].frame);
  EXPECT_EQ(ops[2].frame, ops[3].frame);
  EXPECT_NE(ops[0].frame, ops[1].frame);
}

TEST_F(BoardActorTest, BroadcastIntervalGrowsWithTheBoardsClients) {
  // No fixed interval: only the per-client part holds peers' batches back, 2 x 150 ms here.
  options_.broadcast_interval = std::chrono::microseconds(0);
  options_.broadcast_interval_per_client = std::chrono::milliseconds(150);
  auto a = join("scaled", "ca");
  auto b = join("scaled", "cb");
  auto const started = std::chrono::steady_clock::now();
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(submit_acked(a, "s" + std::to_string(i), "[" + rect("r" + std::to_string(i), i) + "]"),
              static_cast<std::uint64_t>(i));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(250))
      << "acks waited for the broadcast interval";
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(3)));
  auto const ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 3u);
  // Each batch was its own commit: without the scaling each would have been its own frame.
  EXPECT_NE(ops[0].frame, ops[1].frame);
  EXPECT_EQ(ops[1].frame, ops[2].frame);
}

TEST_F(BoardActorTest, AckIsSentOnlyOnceDurable) {
  // The store is read at the very moment the ack is handed to the connection.
  auto a = join("d", "ca");
  std::atomic<bool> seen{false};
  std::atomic<bool> journaled{false};
  auto conn = std::make_shared<RecordingConnection>([&](Received const& r) {
    if (r.type() != "ack") return;
    auto image = store_->load_board("d");
    bool found = false;
    if (image && image->has_value()) {
      for (auto const& e : (*image)->journal) found = found || (e.seq == r.seq() && e.batch_id == "dur1");
    }
    journaled = found;
    seen = true;
  });
  auto actor = registry().attach("d");
  actor->join(conn, "cd", Participant{"u-cd", "", model::Role::kEditor}, 0);
  ASSERT_TRUE(conn->wait_for(has_type("welcome")));
  actor->submit("cd", ops_message("dur1", "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"));
  ASSERT_TRUE(conn->wait_for(has_ack("dur1")));
  EXPECT_TRUE(seen.load());
  EXPECT_TRUE(journaled.load()) << "the ack was sent before the journal entry was in the store";
  ASSERT_TRUE(a.conn->wait_for(has_ops_seq(1)));
  registry().detach("d");
}

TEST_F(BoardActorTest, InvalidBatchIsRefusedAndChangesNothing) {
  auto a = join("inv", "ca");
  auto b = join("inv", "cb");
  ASSERT_EQ(submit_acked(a, "ok1", "[" + rect("r1", 1) + "]"), 1u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(1)));

  // Valid on its own, refused against the board: a rect has no points. The first op is fine
  // and must not be applied either.
  a.actor->submit("ca", ops_message("bad1", "[" + rect("r2", 2) +
                                                R"(,{"op":"set","id":"r1","props":{"points":[0,0,1,1]}}])"));
  ASSERT_TRUE(a.conn->wait_for(has_type("error")));
  auto errors = a.conn->of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message.at("code"), "invalid_op");
  EXPECT_EQ(errors[0].message.at("batch"), "bad1");
  EXPECT_TRUE(errors[0].message.at("message").is_string());
  EXPECT_NE(std::string(errors[0].message.at("message").get_string()).find("ops[1]"), std::string::npos)
      << json::serialize(errors[0].message);
  EXPECT_EQ(metrics_.rejected_inputs.load(), 1u);

  // The next batch gets the next seq, and the other client never heard of the bad one.
  ASSERT_EQ(submit_acked(a, "ok2", "[" + rect("r3", 3) + "]"), 2u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(2)));
  auto ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].seq(), 1u);
  EXPECT_EQ(ops[1].seq(), 2u);
  EXPECT_EQ(b.conn->of_type("error").size(), 0u);
  EXPECT_EQ(a.conn->of_type("ack").size(), 2u);

  auto state = read("inv");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->seq, 2u);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1", "r3"}));
  EXPECT_EQ(stored_seq("inv"), 2u);
}

TEST_F(BoardActorTest, ResentBatchIsAckedAgainNotAppliedTwice) {
  auto a = join("dup", "ca");
  auto b = join("dup", "cb");
  ASSERT_EQ(submit_acked(a, "once", "[" + rect("r1", 1) + "]"), 1u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(1)));

  // The same batch id again (even with other ops): acknowledged with its first seq.
  a.actor->submit("ca", ops_message("once", "[" + rect("r9", 9) + "]"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("once", 2)));
  auto acks = a.conn->of_type("ack");
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[1].message.at("batch"), "once");
  EXPECT_EQ(acks[1].seq(), 1u);
  EXPECT_EQ(metrics_.batches_deduplicated.load(), 1u);

  // The board did not move: the next batch is seq 2 and the others got nothing for the re-send.
  ASSERT_EQ(submit_acked(a, "twice", "[" + rect("r2", 2) + "]"), 2u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(2)));
  auto ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[1].seq(), 2u);
  EXPECT_EQ(metrics_.batches_applied.load(), 2u);

  auto state = read("dup");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->seq, 2u);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1", "r2"}));
}

TEST_F(BoardActorTest, ResentBatchBeforeItIsDurableIsAckedOnceDurable) {
  auto a = join("dup2", "ca");
  // Back to back: the second copy arrives while the first may still be committing.
  a.actor->submit("ca", ops_message("fast", "[" + rect("r1", 1) + "]"));
  a.actor->submit("ca", ops_message("fast", "[" + rect("r1", 1) + "]"));
  a.actor->submit("ca", ops_message("fast", "[" + rect("r1", 1) + "]"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("fast", 3)));
  for (auto const& ack : a.conn->of_type("ack")) EXPECT_EQ(ack.seq(), 1u);
  EXPECT_EQ(metrics_.batches_deduplicated.load(), 2u);
  EXPECT_EQ(metrics_.batches_applied.load(), 1u);
  EXPECT_EQ(submit_acked(a, "next", "[" + rect("r2", 2) + "]"), 2u);
}

TEST_F(BoardActorTest, ResentBatchIsRecognisedAfterARestart) {
  {
    auto a = join("dup3", "ca");
    ASSERT_EQ(submit_acked(a, "kept", "[" + rect("r1", 1) + "]"), 1u);
    ASSERT_EQ(submit_acked(a, "kept2", "[" + rect("r2", 2) + "]"), 2u);
  }
  restart();
  auto a = join("dup3", "ca2", 2);
  EXPECT_EQ(submit_acked(a, "kept", "[" + rect("r1", 1) + "]"), 1u);
  EXPECT_EQ(submit_acked(a, "new", "[" + rect("r3", 3) + "]"), 3u);
}

TEST_F(BoardActorTest, JoinWithSinceGetsJustTheMissedBatches) {
  auto a = join("since", "ca");
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(submit_acked(a, "s" + std::to_string(i), "[" + rect("r" + std::to_string(i), i) + "]"),
              static_cast<std::uint64_t>(i));
  }

  // Has seen seq 2 of 5: gets exactly 3, 4 and 5 as ops messages.
  auto c = join("since", "cc", 2);
  auto welcome = c.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 5);
  EXPECT_EQ(welcome.at("client"), "cc");
  EXPECT_FALSE(welcome.contains("objects"));
  ASSERT_TRUE(welcome.contains("ops")) << json::serialize(welcome);
  auto const& batches = welcome.at("ops").get_array();
  ASSERT_EQ(batches.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    auto const& batch = batches[i].get_object();
    EXPECT_EQ(batch.at("type"), "ops");
    EXPECT_EQ(batch.at("seq"), static_cast<std::int64_t>(i + 3));
    EXPECT_EQ(batch.at("client"), "ca");
    ASSERT_EQ(batch.at("ops").get_array().size(), 1u);
    EXPECT_EQ(batch.at("ops").get_array()[0].at("id"), json::value("r" + std::to_string(i + 3)));
  }

  // Up to date: an empty catch-up.
  auto d = join("since", "cd", 5);
  auto up_to_date = d.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(up_to_date.at("seq"), 5);
  ASSERT_TRUE(up_to_date.contains("ops")) << json::serialize(up_to_date);
  EXPECT_TRUE(up_to_date.at("ops").get_array().empty());

  // since 0: all objects.
  auto e = join("since", "ce", 0);
  auto fresh = e.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(fresh.at("seq"), 5);
  EXPECT_FALSE(fresh.contains("ops"));
  EXPECT_EQ(ids_of(objects_of(fresh)), (std::vector<std::string>{"r1", "r2", "r3", "r4", "r5"}));

  // Ahead of the board (it saw another board's history, say): all objects.
  auto f = join("since", "cf", 99);
  auto ahead = f.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(ahead.at("seq"), 5);
  EXPECT_FALSE(ahead.contains("ops"));
  EXPECT_EQ(ids_of(objects_of(ahead)), (std::vector<std::string>{"r1", "r2", "r3", "r4", "r5"}));
}

TEST_F(BoardActorTest, SinceOlderThanTheKeptJournalGetsObjects) {
  options_.journal_keep = 2;
  auto a = join("old", "ca");
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(submit_acked(a, "o" + std::to_string(i), "[" + rect("r" + std::to_string(i), i) + "]"),
              static_cast<std::uint64_t>(i));
  }
  // Only 4 and 5 are kept: a client at 1 cannot catch up with ops.
  auto c = join("old", "cc", 1);
  auto welcome = c.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 5);
  EXPECT_FALSE(welcome.contains("ops"));
  EXPECT_EQ(objects_of(welcome).size(), 5u);
  // A client at 3 can.
  auto d = join("old", "cd", 3);
  auto catch_up = d.conn->of_type("welcome").at(0).message;
  ASSERT_TRUE(catch_up.contains("ops")) << json::serialize(catch_up);
  ASSERT_EQ(catch_up.at("ops").get_array().size(), 2u);
  EXPECT_EQ(catch_up.at("ops").get_array()[0].at("seq"), 4);
  EXPECT_EQ(catch_up.at("ops").get_array()[1].at("seq"), 5);
}

TEST_F(BoardActorTest, PresenceIsCoalescedAndLeaveIsBroadcast) {
  auto a = join("pres", "ca", 0, "Ada");
  auto b = join("pres", "cb", 0, "Bo");

  // A's arrival and B's are announced; wait for B to have seen its own arrival announced so
  // that what follows is A's movement only.
  auto mentions = [](Received const& r, std::string_view client) {
    if (r.type() != "presence") return false;
    for (auto const& p : r.message.at("peers").get_array()) {
      if (str(p.at("client")) == client) return true;
    }
    return false;
  };
  ASSERT_TRUE(b.conn->wait_for([&](Messages const& m) {
    return std::count_if(m.begin(), m.end(), [&](Received const& r) { return mentions(r, "cb"); }) >= 2;
  }));
  std::size_t const mark = b.conn->received().size();

  constexpr int kUpdates = 50;
  for (int i = 1; i <= kUpdates; ++i) {
    a.actor->presence("ca", PresenceMessage{json::object{{"x", i}, {"y", -i}}, json::array{"r1"}});
  }
  auto cursor_of_a = [](Received const& r) -> std::optional<std::int64_t> {
    if (r.type() != "presence") return std::nullopt;
    for (auto const& p : r.message.at("peers").get_array()) {
      if (p.at("client") == "ca" && p.at("cursor").is_object())
        return p.at("cursor").at("x").to_number<std::int64_t>();
    }
    return std::nullopt;
  };
  ASSERT_TRUE(b.conn->wait_for([&](Messages const& m) {
    return std::any_of(m.begin(), m.end(), [&](Received const& r) { return cursor_of_a(r) == kUpdates; });
  })) << "the latest cursor never arrived";

  auto all = b.conn->received();
  std::vector<std::int64_t> cursors;
  for (std::size_t i = mark; i < all.size(); ++i) {
    if (auto x = cursor_of_a(all[i])) {
      cursors.push_back(*x);
      EXPECT_TRUE(all[i].droppable) << "presence is droppable";
      for (auto const& p : all[i].message.at("peers").get_array()) {
        if (p.at("client") != "ca") continue;
        EXPECT_EQ(p.at("name"), "Ada");
        EXPECT_EQ(p.at("cursor"), (json::object{{"x", *x}, {"y", -*x}}));
        EXPECT_EQ(p.at("selection"), (json::array{"r1"}));
      }
    }
  }
  ASSERT_FALSE(cursors.empty());
  EXPECT_LE(cursors.size(), 4u) << "presence was not coalesced: " << cursors.size() << " frames for "
                                << kUpdates << " updates";
  EXPECT_EQ(cursors.back(), kUpdates);
  EXPECT_TRUE(std::is_sorted(cursors.begin(), cursors.end()));

  // A leaves: B is told.
  leave(a);
  ASSERT_TRUE(b.conn->wait_for(has_type("leave")));
  auto leaves = b.conn->of_type("leave");
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].message, (json::object{{"type", "leave"}, {"client", "ca"}}));
  EXPECT_FALSE(leaves[0].droppable);
  EXPECT_EQ(a.conn->of_type("leave").size(), 0u);

  // A newcomer's presence lists B only.
  auto c = join("pres", "cc");
  auto joined = c.conn->received();
  ASSERT_GE(joined.size(), 2u);
  ASSERT_EQ(joined[1].type(), "presence");
  std::vector<std::string> peers;
  for (auto const& p : joined[1].message.at("peers").get_array())
    peers.emplace_back(p.at("client").get_string());
  std::sort(peers.begin(), peers.end());
  EXPECT_EQ(peers, (std::vector<std::string>{"cb", "cc"}));
}

TEST_F(BoardActorTest, StatePersistsAcrossARestart) {
  json::array before;
  {
    auto a = join("keep", "ca");
    ASSERT_EQ(submit_acked(a, "k1", "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"), 1u);
    ASSERT_EQ(submit_acked(a, "k2", R"([{"op":"set","id":"r1","props":{"fill":"#00ff00"}}])"), 2u);
    ASSERT_EQ(submit_acked(a, "k3", R"([{"op":"del","id":"r2"}])"), 3u);
    auto state = read("keep");
    ASSERT_TRUE(state);
    before = json::parse(*state->objects_json).get_array();

    shutdown_registry();
    ASSERT_TRUE(a.conn->wait_for_close());
    EXPECT_EQ(a.conn->closes().at(0).first, CloseCode::kGoingAway);
  }
  // The final snapshot is on disk, at the last seq.
  auto image = store_->load_board("keep");
  ASSERT_TRUE(image && image->has_value());
  EXPECT_EQ((*image)->snapshot_seq, 3u);
  EXPECT_EQ(json::parse((*image)->snapshot_json), before);

  registry();  // a new server on the same store
  auto b = join("keep", "cb");
  auto welcome = b.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 3);
  EXPECT_EQ(objects_of(welcome), before);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].at("props").at("fill"), "#00ff00");

  // And the journal is still there for catch-up.
  auto c = join("keep", "cc", 1);
  auto catch_up = c.conn->of_type("welcome").at(0).message;
  ASSERT_TRUE(catch_up.contains("ops")) << json::serialize(catch_up);
  ASSERT_EQ(catch_up.at("ops").get_array().size(), 2u);
  EXPECT_EQ(catch_up.at("ops").get_array()[0].at("seq"), 2);
  EXPECT_EQ(catch_up.at("ops").get_array()[1].at("seq"), 3);

  EXPECT_EQ(submit_acked(b, "k4", "[" + rect("r5", 5) + "]"), 4u);
}

TEST_F(BoardActorTest, PeriodicSnapshotIsWrittenWhileClientsStay) {
  options_.snapshot_interval = 20ms;
  auto a = join("snap", "ca");
  ASSERT_EQ(submit_acked(a, "p1", "[" + rect("r1", 1) + "]"), 1u);
  ASSERT_EQ(submit_acked(a, "p2", "[" + rect("r2", 2) + "]"), 2u);
  ASSERT_TRUE(eventually([&] {
    auto image = store_->load_board("snap");
    return image && image->has_value() && (*image)->snapshot_seq == 2;
  })) << "no snapshot was written while the board stayed open";
  auto image = store_->load_board("snap");
  ASSERT_TRUE(image && image->has_value());
  EXPECT_EQ(ids_of(json::parse((*image)->snapshot_json).get_array()), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(registry().open_boards(), 1u);
  EXPECT_EQ(submit_acked(a, "p3", "[" + rect("r3", 3) + "]"), 3u);
}

// Tells a test when the writer has committed what it was given.
class DurableFlag : public store::DurabilityListener {
 public:
  void on_durable(std::uint64_t seq, Status status) override {
    EXPECT_TRUE(status) << status.error().message;
    if (seq == last_) done_.set_value();
  }
  void on_snapshot_saved(std::uint64_t, Status) override {}
  explicit DurableFlag(std::uint64_t last) : last_(last) {}
  std::future<void> future() { return done_.get_future(); }

 private:
  std::uint64_t last_;
  std::promise<void> done_;
};

TEST_F(BoardActorTest, JournalIsReplayedOnLoad) {
  // What a crash leaves behind: journaled batches and no snapshot of them.
  auto entry = [](std::uint64_t seq, std::string ops) {
    return store::JournalEntry{"crash", seq, "j" + std::to_string(seq), "cw",
                               std::make_shared<const std::string>(std::move(ops))};
  };
  auto flag = std::make_shared<DurableFlag>(3);
  auto committed = flag->future();
  writer_->submit(entry(1, "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"), flag);
  writer_->submit(entry(2, R"([{"op":"set","id":"r1","props":{"x":7}}])"), flag);
  writer_->submit(entry(3, R"([{"op":"del","id":"r2"}])"), flag);
  ASSERT_EQ(committed.wait_for(kTimeout), std::future_status::ready);

  auto a = join("crash", "ca");
  auto welcome = a.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 3);
  auto objects = objects_of(welcome);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].at("id"), "r1");
  EXPECT_EQ(objects[0].at("props").at("x"), 7);

  auto b = join("crash", "cb", 1);
  auto catch_up = b.conn->of_type("welcome").at(0).message;
  ASSERT_TRUE(catch_up.contains("ops")) << json::serialize(catch_up);
  ASSERT_EQ(catch_up.at("ops").get_array().size(), 2u);
  EXPECT_EQ(catch_up.at("ops").get_array()[0].at("client"), "cw");
  EXPECT_EQ(catch_up.at("ops").get_array()[1].at("seq"), 3);

  // The journaled batch ids are known: a re-send is acked, not applied again.
  EXPECT_EQ(submit_acked(a, "j2", "[" + rect("r9", 9) + "]"), 2u);
  EXPECT_EQ(submit_acked(a, "j4", "[" + rect("r4", 4) + "]"), 4u);
}

TEST_F(BoardActorTest, IdleBoardIsUnloadedAndReloads) {
  options_.idle_unload = 50ms;
  json::array before;
  {
    auto a = join("idle", "ca");
    ASSERT_EQ(submit_acked(a, "i1", "[" + rect("r1", 1) + "]"), 1u);
    ASSERT_EQ(submit_acked(a, "i2", "[" + rect("r2", 2) + "]"), 2u);
    auto state = read("idle");
    ASSERT_TRUE(state);
    before = json::parse(*state->objects_json).get_array();
    EXPECT_EQ(registry().open_boards(), 1u);
    leave(a);
  }
  ASSERT_TRUE(eventually([&] { return registry().open_boards() == 0; })) << "the idle board was not unloaded";
  auto image = store_->load_board("idle");
  ASSERT_TRUE(image && image->has_value());
  EXPECT_EQ((*image)->snapshot_seq, 2u);
  EXPECT_EQ(json::parse((*image)->snapshot_json), before);

  auto b = join("idle", "cb");
  EXPECT_EQ(registry().open_boards(), 1u);
  auto welcome = b.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 2);
  EXPECT_EQ(objects_of(welcome), before);
  EXPECT_EQ(submit_acked(b, "i3", "[" + rect("r3", 3) + "]"), 3u);
}

TEST_F(BoardActorTest, BoardInUseWhenIdleIsUnloadedOnceReleased) {
  options_.idle_unload = 50ms;
  auto a = join("held", "ca");
  ASSERT_EQ(submit_acked(a, "h1", "[" + rect("r1", 1) + "]"), 1u);
  auto holder = registry().attach("held");  // somebody else uses the board (an HTTP read, say)
  leave(a);

  // The idle timer fires, writes the final snapshot and asks to be released, which is refused.
  ASSERT_TRUE(eventually([&] {
    auto image = store_->load_board("held");
    return image && image->has_value() && (*image)->snapshot_seq == 1;
  }));
  // Make sure the board has handled the snapshot's completion (and so its refused release):
  // a commit of another board that the writer takes after that snapshot, then a read posted
  // to this board behind it.
  auto other = join("other", "co");
  ASSERT_EQ(submit_acked(other, "x1", "[" + rect("r1", 1) + "]"), 1u);
  leave(other);
  ASSERT_TRUE(read("held"));
  EXPECT_GE(registry().open_boards(), 1u);

  registry().detach("held");
  holder.reset();
  EXPECT_TRUE(eventually([&] { return registry().open_boards() == 0; }))
      << "a board that was in use when it went idle stays loaded forever";
}

TEST_F(BoardActorTest, ClientThatJoinsWhileTheBoardShutsDownIsClosed) {
  // Hold the (one-thread) blocking pool so the board is still loading when shutdown starts.
  std::promise<void> open_gate;
  std::shared_future<void> gate = open_gate.get_future().share();
  net::post(blocking_, [gate] { gate.wait_for(kTimeout); });

  auto actor = registry().attach("late");
  auto conn = std::make_shared<RecordingConnection>();
  actor->join(conn, "cl", Participant{"u-cl", "", model::Role::kEditor}, 0);  // waits for the load
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  registry().shutdown_all([done] { done->set_value(); });
  open_gate.set_value();
  ASSERT_EQ(finished.wait_for(kTimeout), std::future_status::ready) << "shutdown_all did not finish";
  retired_.push_back(std::move(registry_));

  // Every client of a board that shut down is told to go away; none is left hanging.
  ASSERT_TRUE(conn->wait_for_close()) << "the client that joined during the shutdown was never closed";
  EXPECT_EQ(conn->closes().at(0).first, CloseCode::kGoingAway);
}

TEST_F(BoardActorTest, ReadOfANeverWrittenBoard) {
  auto state = read("never");
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->exists);
  EXPECT_EQ(state->seq, 0u);
  ASSERT_NE(state->objects_json, nullptr);
  EXPECT_EQ(json::parse(*state->objects_json), json::array{});
  // Reading does not create it.
  auto image = store_->load_board("never");
  ASSERT_TRUE(image);
  EXPECT_FALSE(image->has_value());
}

TEST_F(BoardActorTest, ReadAfterEdits) {
  auto a = join("rd", "ca");
  ASSERT_EQ(submit_acked(a, "e1", "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"), 1u);
  ASSERT_EQ(submit_acked(a, "e2", R"([{"op":"set","id":"r2","props":{"x":20}}])"), 2u);
  auto state = read("rd");
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->exists);
  EXPECT_EQ(state->seq, 2u);
  auto objects = json::parse(*state->objects_json).get_array();
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(ids_of(objects), (std::vector<std::string>{"r1", "r2"}));
  for (auto const& o : objects) {
    EXPECT_EQ(o.at("kind"), "rect");
    if (o.at("id") == "r2") {
      EXPECT_EQ(o.at("props").at("x"), 20);
    }
  }
}

TEST_F(BoardActorTest, ReadWhileABatchIsInFlightAnswersWithADurableState) {
  auto a = join("rf", "ca");
  a.actor->submit("ca", ops_message("f1", "[" + rect("r1", 1) + "]"));
  auto state = read("rf");  // posted right behind the submit: answered once it is durable
  ASSERT_TRUE(state);
  EXPECT_EQ(state->seq, 1u);
  EXPECT_TRUE(state->exists);
  EXPECT_GE(stored_seq("rf"), 1u);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1"}));
}

}  // namespace
}  // namespace cc::sync
