// Contract test of backstride against Confluent's own JavaScript clients: the Schema Registry
// client and Avro serdes of @confluentinc/schemaregistry, over KafkaJS. It does what an analyst's
// tool does, with Confluent's defaults except where production settings say otherwise:
//
//   node contract.js write-profile ATHLETE
//     writes a profile to athlete-profiles.v1 with the Avro serializer set up as Confluent
//     advises for production (autoRegisterSchemas: false, useLatestVersion: true), so on a fresh
//     stack it works only if backstride registered the subject when it started; prints
//     {"profileWritten": {"schemaId", "profile"}}.
//   node contract.js read-alert ATHLETE
//     reads back-pain-alerts.v1 from the beginning with the Avro deserializer and prints the
//     athlete's first alert as {"alert": {"key", "schemaId", "alert"}}.
//
// Broker and registry from BACKSTRIDE_KAFKA_BOOTSTRAP and BACKSTRIDE_SCHEMA_REGISTRY_URL, the
// registry's basic-auth credentials, when set, from BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO
// (Confluent's basic.auth.credentials.source USER_INFO, as backstride's services read it). Run by
// the JUnit test ConfluentJsClientIT against a stack it started; exit code 0 when the step
// worked, 1 with one line on stderr otherwise.
'use strict';

const { Kafka, logLevel } = require('kafkajs');
const {
  SchemaRegistryClient,
  AvroSerializer,
  AvroDeserializer,
  SerdeType,
} = require('@confluentinc/schemaregistry');

const ALERTS = 'back-pain-alerts.v1';
const PROFILES = 'athlete-profiles.v1';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

// Avro longs, dates and enums come back as JavaScript values JSON can hold; Buffers would not.
function printable(value) {
  return JSON.parse(
    JSON.stringify(value, (key, v) => (typeof v === 'bigint' ? v.toString() : v)),
  );
}

async function readFirstAlert(kafka, registry, athleteId, timeoutMs) {
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const consumer = kafka.consumer({ groupId: `contract-confluent-js-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: ALERTS, fromBeginning: true });
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no alert of ${athleteId} on ${ALERTS} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            try {
              const alert = await deserializer.deserialize(ALERTS, message.value);
              if (alert.athleteId === athleteId) {
                clearTimeout(timer);
                resolve({
                  key: message.key.toString('utf8'),
                  schemaId: message.value.readInt32BE(1),
                  alert,
                });
              }
            } catch (e) {
              clearTimeout(timer);
              reject(e);
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

async function writeProfile(kafka, registry, athleteId) {
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useLatestVersion: true,
  });
  const profile = {
    athleteId,
    email: `${athleteId}@example.org`,
    name: 'Written by Confluent JS',
    timeZone: 'Europe/Ljubljana',
    units: 'MI',
    notificationsEnabled: true,
  };
  const value = await serializer.serialize(PROFILES, profile);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic: PROFILES, acks: -1, messages: [{ key: athleteId, value }] });
  } finally {
    await producer.disconnect();
  }
  return { schemaId: value.readInt32BE(1), profile };
}

async function main() {
  const kafka = new Kafka({
    clientId: 'backstride-contract-confluent-js',
    brokers: required('BACKSTRIDE_KAFKA_BOOTSTRAP').split(','),
    logLevel: logLevel.ERROR,
  });
  const userInfo = process.env.BACKSTRIDE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;
  const registry = new SchemaRegistryClient({
    baseURLs: [required('BACKSTRIDE_SCHEMA_REGISTRY_URL')],
    ...(userInfo ? { basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo } } : {}),
  });
  const timeoutMs = Number(process.env.BACKSTRIDE_CONTRACT_TIMEOUT_MS || '60000');
  const [step, athleteId] = process.argv.slice(2);
  if (!athleteId) {
    throw new Error('usage: node contract.js write-profile|read-alert ATHLETE');
  }
  if (step === 'write-profile') {
    const written = await writeProfile(kafka, registry, athleteId);
    console.log(JSON.stringify({ profileWritten: printable(written) }));
  } else if (step === 'read-alert') {
    const alert = await readFirstAlert(kafka, registry, athleteId, timeoutMs);
    console.log(JSON.stringify({ alert: printable(alert) }));
  } else {
    throw new Error(`unknown step '${step}': write-profile or read-alert`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`contract.js: ${e && e.message ? e.message : e}`.replace(/\s*\n\s*/g, ' '));
    process.exit(1);
  },
);
