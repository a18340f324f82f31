// Merging contacts in the browser: the "Merge with…" dialog on a contact's page (the contact itself
// is not offered, a missing pick and a too-long reason are shown next to their fields, a contact
// deleted meanwhile gives the server's 409 in the dialog), the survivor's page after the merge
// (the other's e-mail, its conversation and a merge item on the timeline, the Merges card), and
// the undo from the Merges card and from the merged contact's own page; in English and Spanish.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, assertNoPageErrors, newPage, screenshot, signIn, openApp, closeApp, createRecord } from './lib/browser.mjs';

let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await openApp('marta@example.com'));
});

after(() => closeApp({ server, browser }));

const create = (path, json) => createRecord(server, path, json);

// The field (label, control and its error) around a control. `control` is a locator from the page:
// the inner locator of `has` is looked up inside each field.
const fieldOf = (scope, control) => scope.locator('.field', { has: control });

test('merging a contact into this one from the dialog, then undoing it from the Merges card', async () => {
  const stays = await create('/api/v1/contacts', { firstName: 'Begoña', lastName: 'Ortiz', emails: ['begona@ortiz.example'] });
  const goes = await create('/api/v1/contacts', {
    firstName: 'Bego', lastName: 'Ortiz', emails: ['bego.ortiz@gmail.example'], phones: ['+34 944 000 111'], tags: ['feria-2026'],
  });
  await create('/api/v1/interactions', {
    channel: 'call', direction: 'outbound', occurredAt: '2026-11-02T09:00:00Z', subject: 'Pedido de Navidad',
    participants: [{ type: 'contact', id: goes.id }],
  });

  const page = await newPage(browser);
  await signIn(page, server, admin);
  await page.goto(`${server.url}/contacts/${stays.id}`);
  await page.getByRole('heading', { name: 'Begoña Ortiz', level: 1 }).waitFor();
  // No merges yet: no card.
  await page.getByText('Nothing yet. Log a call, a meeting or a note above and it shows here.').waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByRole('heading', { name: 'Merges' }).count(), 0, 'the Merges card is hidden while empty');

  await page.getByRole('button', { name: 'Merge with…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge Begoña Ortiz with another contact' });
  await dialog.waitFor();
  const picker = dialog.getByRole('combobox', { name: 'Merge with' });
  // Merging without a pick says so next to the picker.
  await dialog.getByRole('button', { name: 'Merge contacts' }).click();
  const pickerError = fieldOf(dialog, page.getByRole('combobox', { name: 'Merge with' })).locator('.field-error');
  await pickerError.waitFor();
  assert.equal(await pickerError.textContent(), 'Pick the contact to merge with first.');
  assert.equal(await picker.getAttribute('aria-invalid'), 'true');

  // "bego" matches both, but the contact itself is not offered.
  await picker.fill('bego');
  await dialog.getByRole('option', { name: /Bego Ortiz/ }).waitFor();
  assert.equal(await dialog.getByRole('option', { name: /Begoña/ }).count(), 0, 'the contact is not offered to merge with itself');
  await dialog.getByRole('option', { name: /Bego Ortiz/ }).click();

  // Both side by side; this one stays unless chosen otherwise, and the dialog says what happens.
  const choice = dialog.getByRole('group', { name: 'Which contact stays?' });
  assert.equal(await choice.getByRole('radio', { name: 'Begoña Ortiz' }).isChecked(), true);
  assert.equal(await choice.getByRole('radio', { name: 'Bego Ortiz' }).isChecked(), false);
  await choice.getByText('bego.ortiz@gmail.example').waitFor();
  await dialog.getByText('Bego Ortiz’s e-mails, phones, interactions, notes, tasks, documents, opportunities and tracked events ' +
    'move to Begoña Ortiz; Bego Ortiz is deleted. You can undo this.').waitFor();
  await choice.getByRole('radio', { name: 'Bego Ortiz' }).check();
  await dialog.getByText(/^Begoña Ortiz’s e-mails, .* move to Bego Ortiz; Begoña Ortiz is deleted\./).waitFor();
  await choice.getByRole('radio', { name: 'Begoña Ortiz' }).check();

  // A reason over 500 characters: the server's field error shows next to the reason.
  const reason = dialog.getByLabel('Reason (optional)');
  await reason.fill('x'.repeat(501));
  await dialog.getByRole('button', { name: 'Merge contacts' }).click();
  const reasonError = fieldOf(dialog, page.getByLabel('Reason (optional)')).locator('.field-error');
  await reasonError.waitFor();
  assert.match(await reasonError.textContent(), /500/);
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  await dialog.getByText('Check the fields marked below.').waitFor();
  assert.equal((await api(server, `/api/v1/contacts/${goes.id}`)).status, 200, 'nothing merged yet');
  await reason.fill('The same person with two e-mails');
  await screenshot(page, 'merge-dialog');

  await dialog.getByRole('button', { name: 'Merge contacts' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const done = page.getByRole('status').filter({ hasText: 'Bego Ortiz was merged into Begoña Ortiz.' });
  await done.waitFor();
  await done.getByRole('button', { name: 'Undo the merge of Bego Ortiz into Begoña Ortiz' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/contacts/${stays.id}`);
  // The survivor has the other's e-mail and phone, its call, and a merge item on the timeline.
  await page.getByRole('link', { name: 'bego.ortiz@gmail.example' }).waitFor();
  await page.getByRole('link', { name: goes.phones[0].number }).waitFor();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await timeline.getByText('Pedido de Navidad').waitFor();
  const mergeItem = timeline.getByRole('listitem').filter({ hasText: 'Merged with Bego Ortiz' });
  await mergeItem.getByRole('img', { name: 'Merge' }).waitFor();
  // The timeline can show merges alone.
  await page.locator('.ct-timeline select').selectOption('merge');
  assert.equal(await timeline.getByRole('listitem').count(), 1);
  await page.locator('.ct-timeline select').selectOption('all');
  assert.equal((await api(server, `/api/v1/contacts/${goes.id}`)).status, 404, 'the merged contact is deleted');

  // The Merges card: the other contact (deleted, still linked), who, what moved, the reason.
  const merges = page.getByRole('list', { name: 'Merges of Begoña Ortiz' });
  const item = merges.getByRole('listitem').first();
  await item.getByRole('link', { name: 'Bego Ortiz' }).waitFor();
  await item.getByText('Deleted', { exact: true }).waitFor();
  await item.getByText('Merged', { exact: true }).waitFor();
  await item.getByText('Moved: 1 interaction.', { exact: false }).waitFor();
  await item.getByText(/Added: 1 e-mail address, 1 phone number and 1 tag\./).waitFor();
  await item.getByText('Reason: The same person with two e-mails').waitFor();
  await item.getByText(/by /).waitFor();
  await page.getByRole('heading', { name: 'Merges' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'merges-card');

  // Undo from the card, after a confirmation.
  await item.getByRole('button', { name: 'Undo the merge with Bego Ortiz' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo this merge?' });
  await confirm.getByText(/^Bego Ortiz comes back, .* Begoña Ortiz keeps what it had before the merge\.$/).waitFor();
  await screenshot(page, 'merge-undo-confirm');
  await confirm.getByRole('button', { name: 'Undo merge' }).click();
  await confirm.waitFor({ state: 'hidden' });
  const undone = page.getByRole('status').filter({ hasText: 'The merge was undone: Bego Ortiz is back.' });
  await undone.waitFor();
  await page.getByRole('link', { name: 'bego.ortiz@gmail.example' }).waitFor({ state: 'detached' });
  await timeline.getByText('Pedido de Navidad').waitFor({ state: 'detached' });
  const after = page.getByRole('list', { name: 'Merges of Begoña Ortiz' }).getByRole('listitem').first();
  await after.getByText('Undone', { exact: true }).waitFor();
  assert.equal(await after.getByRole('button', { name: /^Undo/ }).count(), 0, 'an undone merge offers no undo');
  assert.equal(await page.getByRole('button', { name: /^Undo the merge of/ }).count(), 0, 'nor does the notice');
  await screenshot(page, 'merge-undone');

  // Both are back: the merged contact opens again, with its call.
  await undone.getByRole('link', { name: 'Open Bego Ortiz' }).click();
  await page.waitForURL(`${server.url}/contacts/${goes.id}`);
  await page.getByRole('heading', { name: 'Bego Ortiz', level: 1 }).waitFor();
  await page.getByRole('list', { name: 'Timeline' }).getByText('Pedido de Navidad').waitFor();
  await page.getByRole('list', { name: 'Timeline' }).getByText(/^Undid the merge with/).waitFor();
  await page.getByRole('link', { name: 'bego.ortiz@gmail.example' }).waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: /This contact was (deleted|merged)/ }).count(), 0, 'not deleted');
  await page.getByRole('list', { name: 'Merges of Bego Ortiz' }).getByText('This contact was merged into').waitFor();
  assert.equal((await api(server, `/api/v1/contacts/${goes.id}`)).status, 200);
  assert.deepEqual((await api(server, `/api/v1/contacts/${stays.id}`)).data.emails.map((e) => e.address), ['begona@ortiz.example']);

  // The audit log names both actions.
  await page.goto(`${server.url}/settings/audit?recordId=${goes.id}`);
  await page.locator('.audit-table').getByText('Merge undone', { exact: true }).waitFor();
  await page.locator('.audit-table').getByText('Merged', { exact: true }).first().waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('in Spanish: a 409 in the dialog, merging into the other contact, and the undo from the merged contact’s page', async () => {
  const here = await create('/api/v1/contacts', { firstName: 'Iker', lastName: 'Salaberria', emails: ['iker@txokoa.example'] });
  const other = await create('/api/v1/contacts', { firstName: 'Iker', lastName: 'Salaberria Etxe', emails: ['iker.salaberria@gmail.example'] });
  const gone = await create('/api/v1/contacts', { firstName: 'Borja', lastName: 'Gómez' });
  await create('/api/v1/notes', { body: 'Prefiere el euskera', recordType: 'contact', recordId: here.id });

  const page = await newPage(browser, { locale: 'es-ES' });
  await signIn(page, server, admin);
  await page.goto(`${server.url}/contacts/${here.id}`);
  await page.getByRole('heading', { name: 'Iker Salaberria', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Fusionar con…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Fusionar a Iker Salaberria con otro contacto' });
  const picker = dialog.getByRole('combobox', { name: 'Fusionar con' });
  await picker.fill('borja');
  await dialog.getByRole('option', { name: /Borja Gómez/ }).click();
  // Someone deletes Borja meanwhile: the server refuses with 409, said in the dialog.
  assert.equal((await api(server, `/api/v1/contacts/${gone.id}`, { method: 'DELETE' })).status, 204);
  await dialog.getByRole('button', { name: 'Fusionar contactos' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Estos contactos no se pueden fusionar ahora' }).waitFor();
  await screenshot(page, 'fusion-conflicto');

  // Another pick, and this time the other contact stays: the page moves to it.
  await dialog.getByRole('button', { name: 'Limpiar la selección: Borja Gómez' }).click();
  await dialog.getByRole('combobox', { name: 'Fusionar con' }).fill('salaberria');
  await dialog.getByRole('option', { name: /Salaberria Etxe/ }).click();
  await dialog.getByRole('radio', { name: 'Iker Salaberria Etxe', exact: true }).check();
  await dialog.getByText(/^Los correos, .* de Iker Salaberria pasan a Iker Salaberria Etxe; Iker Salaberria se elimina\. Puedes deshacerlo\.$/).waitFor();
  assert.equal(await dialog.getByRole('alert').count(), 0, 'a new pick clears the old failure');
  await screenshot(page, 'fusion-dialogo');
  await dialog.getByRole('button', { name: 'Fusionar contactos' }).click();
  await page.waitForURL(`${server.url}/contacts/${other.id}`);
  await page.getByRole('heading', { name: 'Iker Salaberria Etxe', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Iker Salaberria se fusionó con Iker Salaberria Etxe.' })
    .getByRole('button', { name: 'Deshacer la fusión de Iker Salaberria con Iker Salaberria Etxe' }).waitFor();
  await page.getByRole('link', { name: 'iker@txokoa.example' }).waitFor();
  await page.getByRole('list', { name: 'Cronología' }).getByText('Prefiere el euskera').waitFor();
  await page.getByRole('list', { name: 'Fusiones de Iker Salaberria Etxe' }).getByText('Se movió: 1 nota.', { exact: false }).waitFor();

  // The merged contact's page says where it went, and undoes the merge instead of a restore.
  await page.goto(`${server.url}/contacts/${here.id}`);
  const banner = page.getByRole('status').filter({ hasText: /Este contacto se fusionó con Iker Salaberria Etxe el / });
  await banner.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Restaurar' }).count(), 0, 'no restore for a merged contact');
  await screenshot(page, 'fusion-contacto-fusionado');
  await banner.getByRole('button', { name: 'Deshacer la fusión' }).click();
  await page.getByRole('dialog', { name: '¿Deshacer esta fusión?' }).getByRole('button', { name: 'Deshacer la fusión' }).click();
  await page.getByRole('status').filter({ hasText: 'Se deshizo la fusión: este contacto ha vuelto, con sus registros.' }).waitFor();
  await page.getByRole('button', { name: 'Fusionar con…' }).waitFor();
  await page.getByRole('list', { name: 'Cronología' }).getByText('Prefiere el euskera').waitFor();
  assert.equal((await api(server, `/api/v1/contacts/${here.id}`)).status, 200);
  assertNoPageErrors(page, assert);
  await page.context().close();
});
