import type { Route } from "../http.js";
import { actionRoutes } from "./actions.js";
import { branchRoutes } from "./branches.js";
import { checkRoutes } from "./checks.js";
import { commentRoutes } from "./comments.js";
import { contentRoutes } from "./contents.js";
import { gitDataRoutes } from "./gitdata.js";
import { issueDependencyRoutes } from "./issue-dependencies.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { mergeRoutes } from "./merge.js";
import { pullRoutes } from "./pulls.js";
import { reactionRoutes } from "./reactions.js";
import { refRoutes } from "./refs.js";
import { repoRoutes } from "./repos.js";
import { reviewRoutes } from "./reviews.js";
import { statusRoutes } from "./statuses.js";
import { subIssueRoutes } from "./sub-issues.js";

/** Every REST route the sandbox answers. */
export const allRoutes: readonly Route[] = [
  ...repoRoutes,
  ...issueRoutes,
  ...issueDependencyRoutes,
  ...subIssueRoutes,
  ...commentRoutes,
  ...reactionRoutes,
  ...labelRoutes,
  ...refRoutes,
  ...gitDataRoutes,
  ...contentRoutes,
  ...branchRoutes,
  ...pullRoutes,
  ...mergeRoutes,
  ...reviewRoutes,
  ...checkRoutes,
  ...statusRoutes,
  ...actionRoutes,
];
