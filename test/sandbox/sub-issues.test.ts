import { afterEach, describe, expect, test } from "vitest";
import { cleanRun, type Harness, harness } from "./helpers.js";

const route = "/repos/{owner}/{repo}/issues/{issue_number}";

describe("sandbox: sub-issues", () => {
  let h: Harness;
  afterEach(async () => {
    await h.sandbox.close();
  });

  test("add by id, list, summary and parent, remove; each request and answer checked against @octokit/openapi", async () => {
    h = await harness({ seed: { files: { "README.md": "hi\n" } } });
    h.sandbox.addCollaborator("maintainer", "maintain");
    const human = h.as("maintainer");
    const { data: task } = await human.rest.issues.create({ ...h.repo, title: "Task" });
    const { data: a } = await human.rest.issues.create({ ...h.repo, title: "A" });
    const { data: b } = await human.rest.issues.create({ ...h.repo, title: "B" });

    for (const child of [a, b]) {
      const added = await h.app.request(`POST ${route}/sub_issues`, {
        ...h.repo,
        issue_number: task.number,
        sub_issue_id: child.id,
      });
      expect(added.status).toBe(201);
      expect(added.data.number).toBe(child.number);
    }
    // The API names the child by id: its number is a different issue (or none).
    await expect(
      h.app.request(`POST ${route}/sub_issues`, { ...h.repo, issue_number: task.number, sub_issue_id: a.number }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      h.app.request(`POST ${route}/sub_issues`, { ...h.repo, issue_number: task.number, sub_issue_id: a.id }),
    ).rejects.toMatchObject({ status: 422 });

    const listed = await h.app.request(`GET ${route}/sub_issues`, { ...h.repo, issue_number: task.number });
    expect(listed.data.map((i: { number: number }) => i.number)).toEqual([a.number, b.number]);
    await human.rest.issues.update({ ...h.repo, issue_number: a.number, state: "closed", state_reason: "completed" });
    const parent = await human.rest.issues.get({ ...h.repo, issue_number: task.number });
    expect(parent.data.sub_issues_summary).toEqual({ total: 2, completed: 1, percent_completed: 50 });
    const ofB = await h.app.request(`GET ${route}/parent`, { ...h.repo, issue_number: b.number });
    expect(ofB.data.number).toBe(task.number);
    const child = await human.rest.issues.get({ ...h.repo, issue_number: b.number });
    expect(child.data.parent_issue_url).toMatch(new RegExp(`/issues/${task.number}$`));

    const removed = await h.app.request(`DELETE ${route}/sub_issue`, {
      ...h.repo,
      issue_number: task.number,
      sub_issue_id: b.id,
    });
    expect(removed.status).toBe(200);
    const after = await h.app.request(`GET ${route}/sub_issues`, { ...h.repo, issue_number: task.number });
    expect(after.data.map((i: { number: number }) => i.number)).toEqual([a.number]);
    await expect(h.app.request(`GET ${route}/parent`, { ...h.repo, issue_number: b.number })).rejects.toMatchObject({
      status: 404,
    });
    expect(h.sandbox.state().subIssues).toEqual({ [task.number]: [a.number] });
    expect(cleanRun(h.sandbox)).toMatchObject({ violations: [], responses: [], errors: [] });
  });

  test("someone below triage cannot add a sub-issue", async () => {
    h = await harness({ seed: { files: { "README.md": "hi\n" } } });
    h.sandbox.addCollaborator("maintainer", "maintain");
    const { data: task } = await h.as("maintainer").rest.issues.create({ ...h.repo, title: "Task" });
    const { data: child } = await h.as("maintainer").rest.issues.create({ ...h.repo, title: "Child" });
    await expect(
      h.as("stranger").request(`POST ${route}/sub_issues`, {
        ...h.repo,
        issue_number: task.number,
        sub_issue_id: child.id,
      }),
    ).rejects.toMatchObject({ status: expect.any(Number) });
    expect(h.sandbox.state().subIssues).toEqual({});
  });

  test("a GitHub without the API (subIssues: false) answers 404 and shows no summary", async () => {
    h = await harness({ seed: { files: { "README.md": "hi\n" } }, subIssues: false });
    const { data: task } = await h.owner.rest.issues.create({ ...h.repo, title: "Task" });
    await expect(
      h.app.request(`GET ${route}/sub_issues`, { ...h.repo, issue_number: task.number }),
    ).rejects.toMatchObject({ status: 404 });
    expect(task).not.toHaveProperty("sub_issues_summary");
    expect(cleanRun(h.sandbox)).toMatchObject({ violations: [], errors: [] });
  });
});
