import type { Effect } from "../../core/effects.js";
import type { Event } from "../../core/events.js";
import { cancelRun } from "./cancel-run.js";
import { closeIssue } from "./close-issue.js";
import { closePullRequest } from "./close-pull-request.js";
import { comment } from "./comment.js";
import { createBranch } from "./create-branch.js";
import { createReviewCheck } from "./create-review-check.js";
import { createVerifyCheck } from "./create-verify-check.js";
import { dispatch } from "./dispatch.js";
import { escalateComment } from "./escalate.js";
import { merge } from "./merge.js";
import { openFinalPullRequest } from "./open-final-pull-request.js";
import { openPullRequest } from "./open-pull-request.js";
import { openRestorePullRequest } from "./open-restore-pull-request.js";
import { openSubIssue } from "./open-sub-issue.js";
import type { PerformEnv } from "./perform-env.js";
import { postWebhook } from "./post-webhook.js";
import { react } from "./react.js";
import { recordCheckpoint } from "./record-checkpoint.js";
import { requestPlan } from "./request-plan.js";
import { resetBranch } from "./reset-branch.js";
import { setLabels } from "./set-labels.js";
import { setSubIssueState } from "./set-sub-issue-state.js";
import { updateBranch } from "./update-branch.js";
import { updateBrief } from "./update-brief.js";
import { upsertDashboard } from "./upsert-dashboard.js";
import { writeIncomingFile } from "./write-incoming-file.js";

/** Performs one effect with its performer (one file each under perform/) and returns its outcome events. */
export function perform(effect: Effect, env: PerformEnv): Promise<Event[]> {
  switch (effect.type) {
    case "RequestPlan":
      return requestPlan(effect, env);
    case "CreateBranch":
      return createBranch(effect, env);
    case "OpenPullRequest":
      return openPullRequest(effect, env);
    case "UpdateBrief":
      return updateBrief(effect, env);
    case "Dispatch":
      return dispatch(effect, env);
    case "CancelRun":
      return cancelRun(effect, env);
    case "CreateVerifyCheck":
      return createVerifyCheck(effect, env);
    case "CreateReviewCheck":
      return createReviewCheck(effect, env);
    case "Merge":
      return merge(effect, env);
    case "UpdateBranch":
      return updateBranch(effect, env);
    case "ResetBranch":
      return resetBranch(effect, env);
    case "ClosePullRequest":
      return closePullRequest(effect, env);
    case "RecordCheckpoint":
      return recordCheckpoint(effect, env);
    case "OpenFinalPullRequest":
      return openFinalPullRequest(effect, env);
    case "OpenRestorePullRequest":
      return openRestorePullRequest(effect, env);
    case "WriteIncomingFile":
      return writeIncomingFile(effect, env);
    case "UpsertDashboard":
      return upsertDashboard(effect, env);
    case "Comment":
      return comment(effect, env);
    case "CloseIssue":
      return closeIssue(effect, env);
    case "React":
      return react(effect, env);
    case "SetLabels":
      return setLabels(effect, env);
    case "Escalate":
      return escalateComment(effect, env);
    case "PostWebhook":
      return postWebhook(effect, env);
    case "OpenSubIssue":
      return openSubIssue(effect, env);
    case "SetSubIssueState":
      return setSubIssueState(effect, env);
    default: {
      const _exhaustive: never = effect;
      return _exhaustive;
    }
  }
}
