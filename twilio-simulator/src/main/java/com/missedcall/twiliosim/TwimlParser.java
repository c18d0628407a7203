package com.missedcall.twiliosim;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads a TwiML voice document into its verbs, checking what Twilio's schema checks for the verbs the
 * simulator plays: the root is {@code <Response>}, every verb is one the simulator knows, and
 * {@code <Gather>} nests only {@code <Say>}, {@code <Play>}, {@code <Pause>}. DTDs are refused (no entity
 * expansion from a gateway's answer).
 */
final class TwimlParser {

  static final Set<String> VERBS =
      Set.of("Say", "Play", "Pause", "Gather", "Dial", "Record", "Redirect", "Hangup", "Reject");
  private static final Set<String> GATHER_NESTS = Set.of("Say", "Play", "Pause");
  private static final Set<String> DIAL_NOUNS = Set.of("Number", "Client", "Sip");

  private TwimlParser() {}

  static List<TwimlVerb> parse(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new TwimlException(TwimlException.DOCUMENT_PARSE_FAILURE, "empty TwiML document");
    }
    Element root;
    try {
      root = builder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (SAXException | java.io.IOException e) {
      throw new TwimlException(TwimlException.DOCUMENT_PARSE_FAILURE, "TwiML is not well-formed XML: " + e.getMessage());
    }
    if (!"Response".equals(root.getTagName())) {
      throw TwimlException.schema("root element is <" + root.getTagName() + ">, not <Response>");
    }
    List<TwimlVerb> verbs = new ArrayList<>();
    for (Element child : elements(root)) {
      TwimlVerb verb = read(child);
      if (!VERBS.contains(verb.name())) {
        throw TwimlException.schema("<" + verb.name() + "> is not a TwiML voice verb the simulator plays");
      }
      check(verb);
      verbs.add(verb);
    }
    return List.copyOf(verbs);
  }

  private static void check(TwimlVerb verb) {
    if (verb.name().equals("Gather")) {
      for (TwimlVerb nested : verb.children()) {
        if (!GATHER_NESTS.contains(nested.name())) {
          throw TwimlException.schema("<Gather> cannot nest <" + nested.name() + ">");
        }
      }
    }
    if (verb.name().equals("Dial")) {
      for (TwimlVerb noun : verb.children()) {
        if (!DIAL_NOUNS.contains(noun.name())) {
          throw TwimlException.schema("<Dial> nests <" + noun.name() + ">, the simulator dials only Number, Client, Sip");
        }
      }
    }
    if (verb.name().equals("Redirect") && verb.text().isEmpty()) {
      throw TwimlException.schema("<Redirect> has no URL");
    }
  }

  private static TwimlVerb read(Element element) {
    Map<String, String> attributes = new LinkedHashMap<>();
    NamedNodeMap attrs = element.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      attributes.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
    }
    List<TwimlVerb> children = new ArrayList<>();
    for (Element child : elements(element)) {
      children.add(read(child));
    }
    String text = element.getTextContent() == null ? "" : element.getTextContent().trim().replaceAll("\\s+", " ");
    return new TwimlVerb(element.getTagName(), Map.copyOf(attributes), text, List.copyOf(children));
  }

  private static List<Element> elements(Element parent) {
    List<Element> result = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        result.add((Element) nodes.item(i));
      }
    }
    return result;
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void error(org.xml.sax.SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML parser", e);
    }
  }
}
