//! The explorer's lesson view over real HTTP: every section's text and
//! pictures, and where each opens.

#![cfg(feature = "explore")]

use crate::explore_client;

use explore_client::{get, post, start};
use scalargrad::explore::Limits;

#[test]
fn every_section_comes_with_its_text_pictures_and_a_view_to_open() {
    let server = start(Limits::default());
    let reply = get(server.address(), "/api/lesson?lang=en");
    assert_eq!(reply.status, 200);
    let lesson = reply.json();
    assert_eq!(lesson["lang"], "en");
    let sections = lesson["sections"].as_array().unwrap();
    assert_eq!(sections.len(), scalargrad::lesson::SECTIONS.len());
    for section in sections {
        let number = section["number"].as_u64().unwrap();
        assert!(
            section.get("error").is_none(),
            "section {number}: {section}"
        );
        assert!(!section["text"].as_str().unwrap().is_empty());
        for picture in section["pictures"].as_array().unwrap() {
            let reply = get(server.address(), picture.as_str().unwrap());
            assert_eq!(reply.status, 200, "{picture}");
            let kind = reply.header("content-type").unwrap();
            assert!(kind == "image/png" || kind == "image/svg+xml", "{kind}");
        }
        // The link's request is what the view posts, and it is accepted.
        let open = &section["open"];
        let path = match open["view"].as_str().unwrap() {
            "expression" => "/api/expression",
            "network" => "/api/network",
            other => panic!("section {number} opens an unknown view {other}"),
        };
        let reply = post(server.address(), path, &open["request"]);
        assert_eq!(reply.status, 200, "section {number}: {:?}", reply.json());
    }
    // Section 1 opens micrograd's expression; 5 and 6 the lesson's presets.
    assert_eq!(sections[0]["open"]["request"]["values"]["a"], -4.0);
    assert_eq!(sections[5]["open"]["request"]["preset"], "dying_relu");
    assert_eq!(sections[6]["open"]["request"]["preset"], "zero_init");
    assert_eq!(sections[5]["title"], "Dying ReLU");
    assert!(sections[5]["text"].as_str().unwrap().contains("verified: "));
    // In Vietnamese: the same sections, told in Vietnamese, the same numbers.
    let vi = get(server.address(), "/api/lesson?lang=vi").json();
    assert_eq!(vi["lang"], "vi");
    let vi_sections = vi["sections"].as_array().unwrap();
    assert_eq!(vi_sections[5]["title"], "Dying ReLU: nút chết");
    let text = |section: &serde_json::Value| section["text"].as_str().unwrap().to_string();
    assert!(text(&vi_sections[0]).contains("đã kiểm tra: "));
    assert!(text(&vi_sections[0]).contains("138.8338"));
    for picture in vi_sections[1]["pictures"].as_array().unwrap() {
        assert!(picture.as_str().unwrap().ends_with("?lang=vi"), "{picture}");
        assert_eq!(get(server.address(), picture.as_str().unwrap()).status, 200);
    }
    // A language the lesson does not speak gets English, and says so.
    let other = get(server.address(), "/api/lesson?lang=fr").json();
    assert_eq!(other["lang"], "en");
    let missing = get(server.address(), "/api/lesson/1/nothing.png");
    assert_eq!(missing.status, 404);
    assert!(missing.is_json_error());
}
