import t from 'tap';
import { bootForTest, type TestKernel } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

interface ReceivedNote {
  text: string;
  emittedBy: string;
  storedWhenDelivered: boolean;
}

async function receivedNotes(kernel: TestKernel): Promise<ReceivedNote[]> {
  const response = await kernel.graphql<{ rReceivedNotes: ReceivedNote[] }>('{ rReceivedNotes { text emittedBy storedWhenDelivered } }');
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data?.rReceivedNotes ?? [];
}

/** Events dispatch asynchronously: polls (bounded, short steps) until `done` holds or the deadline passes. */
async function pollNotes(kernel: TestKernel, done: (notes: ReceivedNote[]) => boolean, deadlineMs = 3000): Promise<ReceivedNote[]> {
  const until = Date.now() + deadlineMs;
  let notes = await receivedNotes(kernel);
  while (!done(notes) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    notes = await receivedNotes(kernel);
  }
  return notes;
}

async function writeNote(kernel: TestKernel, text: string, rollBack = false): Promise<boolean | undefined> {
  const response = await kernel.graphql<{ rWriteNote: boolean }>('mutation ($text: String!, $rollBack: Boolean!) { rWriteNote(text: $text, rollBack: $rollBack) }', { text, rollBack });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data?.rWriteNote;
}

t.test('an event emitted inside a transaction reaches the consumer after commit, and never after rollback', async (t) => {
  const project = await fixtureProject(t, ['r-ev-emitter', 'r-ev-recorder']);
  const kernel = await bootForTest(t, { projectRoot: project.root });

  t.equal(await writeNote(kernel, 'kept'), true, 'the first write commits');
  t.equal(await writeNote(kernel, 'rolled-back', true), false, 'the second write rolls back');
  t.equal(await writeNote(kernel, 'after'), true, 'the third write commits');

  // Dispatch follows commit order, so once "after" arrived, a wrongly delivered "rolled-back" would have arrived too.
  const notes = await pollNotes(kernel, (received) => received.some((note) => note.text === 'after'));
  t.same(
    notes.map((note) => note.text).sort(),
    ['after', 'kept'],
    'the committed events were delivered once each; the rolled-back one never',
  );
  t.same(
    notes.filter((note) => !note.storedWhenDelivered).map((note) => note.text),
    [],
    "the consumer already sees the emitter's committed row when the event reaches it",
  );
  t.same([...new Set(notes.map((note) => note.emittedBy))], ['r-ev-emitter'], 'meta names the emitting module');
});
