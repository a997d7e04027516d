/**
 * Throwaway users are deleted also when a test fails: the first test fails on purpose (declared with
 * `test.fail()`, so the run stays green only if it really fails), the second checks that its user is
 * gone from the org. Serial: the second needs the first's user id, in the same worker.
 */
import { expect, test } from './fixtures';
import { statusOf } from './support/users';

test.describe.configure({ mode: 'serial' });

let failedTestUserId: string | undefined;

test('a test that fails after its user was created (on purpose)', ({ user }) => {
  test.fail(true, 'fails on purpose: the next test checks that its user was deleted anyway');
  failedTestUserId = user.id;
  throw new Error('deliberate failure, with a throwaway user in play');
});

test("the failed test's user was deleted from the org anyway", async ({ okta }) => {
  expect(failedTestUserId, 'the failing test ran first and created a user').toBeTruthy();
  const lookup = await okta.userApi.getUser({ userId: failedTestUserId! }).then(
    () => 'still there',
    (err: unknown) => statusOf(err),
  );
  expect(lookup).toBe(404);
});
