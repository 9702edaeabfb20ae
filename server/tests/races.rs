//! Many students try the same slot at once: the database lets exactly the capacity through.

mod support;

use futures::future::join_all;
use support::{Client, TestApp, day_after_tomorrow};

on_both_backends!(
    fifty_students_racing_for_a_private_slot_leave_one_booking,
    fifty_students_racing_for_a_group_of_three_leave_three_bookings,
    two_server_processes_on_one_database_never_oversell,
);

const RACERS: usize = 50;
const ROUNDS: u32 = 20;

/// Fires `RACERS` bookings at each of `ROUNDS` slots and checks each slot's winners and losers.
async fn race(app: &TestApp, capacity: u32, clients: &[&Client]) {
    let instructor = app.instructor_with_studio("maple-yoga", "UTC").await;
    let lesson = instructor.session_type("Lesson", capacity, "active").await;
    let date = day_after_tomorrow("UTC");
    for round in 0..ROUNDS {
        let start = format!("{date}T{round:02}:00:00Z");
        let attempts = join_all((0..RACERS).map(|racer| {
            let client = clients[racer % clients.len()];
            let email = format!("student{round}-{racer}@example.com");
            let lesson = lesson.clone();
            let start = start.clone();
            async move {
                client
                    .book("maple-yoga", &lesson, &start, "Racer", &email)
                    .await
            }
        }))
        .await;
        let winners = attempts.iter().filter(|reply| reply.status < 400).count();
        assert_eq!(
            winners, capacity as usize,
            "round {round}: exactly the capacity is booked"
        );
        for refused in attempts.iter().filter(|reply| reply.status >= 400) {
            assert_eq!(refused.status, 409, "round {round}: {}", refused.body);
            assert!(
                refused.body.contains("no longer available"),
                "round {round}: {}",
                refused.body
            );
        }
    }
    let booked = instructor.call("bookings", &[]).await.json();
    assert_eq!(
        booked.as_array().map(Vec::len),
        Some(capacity as usize * ROUNDS as usize),
        "the database holds exactly the winners"
    );
}

async fn fifty_students_racing_for_a_private_slot_leave_one_booking(app: TestApp) {
    let students: Vec<Client> = (0..8).map(|_| app.visitor()).collect();
    race(&app, 1, &students.iter().collect::<Vec<_>>()).await;
}

async fn fifty_students_racing_for_a_group_of_three_leave_three_bookings(app: TestApp) {
    let students: Vec<Client> = (0..8).map(|_| app.visitor()).collect();
    race(&app, 3, &students.iter().collect::<Vec<_>>()).await;
}

async fn two_server_processes_on_one_database_never_oversell(app: TestApp) {
    let second = app.another_process().await;
    let through_first: Vec<Client> = (0..4).map(|_| app.visitor()).collect();
    let through_second: Vec<Client> = (0..4).map(|_| Client::of(&second.base_url)).collect();
    let clients: Vec<&Client> = through_first.iter().chain(&through_second).collect();
    race(&app, 1, &clients).await;
}
